package dev.hookmesh.jdbc;

import dev.hookmesh.ReplayGuard;
import dev.hookmesh.jdbc.internal.Dialect;
import dev.hookmesh.jdbc.internal.ReplayGuardSql;
import dev.hookmesh.jdbc.internal.UnitOfWork;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * A {@link ReplayGuard} in a database table, so that every instance of a receiver drops a
 * message any of them has handled.
 *
 * <pre>{@code
 * JdbcSchema.create(dataSource);                        // or your migrations
 * ReplayGuard guard = JdbcReplayGuard.builder(dataSource).build();
 * }</pre>
 *
 * <p>Expired rows are deleted now and then as ids are marked, and by {@link #purgeExpired()}.
 */
public final class JdbcReplayGuard implements ReplayGuard {

  /** How many {@link #markSeen} calls pass between two opportunistic purges. */
  static final long PURGE_EVERY = 1_000;

  private final UnitOfWork work;
  private final Clock clock;
  private final ReplayGuardSql sql;
  private final AtomicLong marks = new AtomicLong();

  private JdbcReplayGuard(Builder builder) {
    UnitOfWork plain = new UnitOfWork(builder.connections);
    this.clock = builder.clock;
    Dialect dialect = Dialect.of(builder.database, plain);
    this.work = dialect.work(plain);
    this.sql = dialect.replayGuardSql(builder.tablePrefix);
  }

  /**
   * Starts a guard on a data source whose tables {@link JdbcSchema} created.
   *
   * @param dataSource a PostgreSQL or H2 database, ideally pooled
   * @return a new builder
   */
  public static Builder builder(DataSource dataSource) {
    return new Builder(JdbcConnections.of(dataSource));
  }

  /**
   * Starts a guard on connections from elsewhere, such as a transaction manager's.
   *
   * @param connections where connections come from
   * @return a new builder
   */
  public static Builder builder(JdbcConnections connections) {
    return new Builder(connections);
  }

  @Override
  public boolean seen(String endpoint, String id) {
    return work.run("look up a seen webhook id",
        connection -> sql.seen(connection, endpoint, id, clock.instant()));
  }

  @Override
  public void markSeen(String endpoint, String id, Instant expiresAt) {
    Objects.requireNonNull(expiresAt, "expiresAt");
    work.run("record a seen webhook id", connection -> {
      sql.markSeen(connection, endpoint, id, expiresAt);
      return null;
    });
    if (marks.incrementAndGet() % PURGE_EVERY == 0) {
      purgeExpired();
    }
  }

  /**
   * Deletes every expired row.
   *
   * @return how many rows were deleted
   */
  public int purgeExpired() {
    return work.run("purge expired webhook ids",
        connection -> sql.purge(connection, clock.instant()));
  }

  @Override
  public String toString() {
    return "JdbcReplayGuard[table=" + sql.table() + "]";
  }

  /** Configures a {@link JdbcReplayGuard}. */
  public static final class Builder extends JdbcSettings<Builder> {

    private Builder(JdbcConnections connections) {
      super(connections);
    }

    /**
     * Builds the guard; connects once to detect the database.
     *
     * @return the guard
     */
    public JdbcReplayGuard build() {
      return new JdbcReplayGuard(this);
    }
  }
}
