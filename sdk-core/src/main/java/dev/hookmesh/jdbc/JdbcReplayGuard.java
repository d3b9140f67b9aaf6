package dev.hookmesh.jdbc;

import dev.hookmesh.ReplayGuard;
import dev.hookmesh.jdbc.internal.Dialect;
import dev.hookmesh.jdbc.internal.UnitOfWork;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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
  private final String table;
  private final String selectSql;
  private final String upsertSql;
  private final String purgeSql;
  private final AtomicLong marks = new AtomicLong();

  private JdbcReplayGuard(Builder builder) {
    UnitOfWork plain = new UnitOfWork(builder.connections);
    this.clock = builder.clock;
    this.table = builder.tablePrefix + "seen";
    Dialect dialect = Dialect.of(builder.database, plain);
    this.work = dialect.work(plain);
    this.selectSql = "SELECT 1 FROM " + table
        + " WHERE endpoint = ? AND message_id = ? AND expires_at > ?";
    this.upsertSql = dialect.upsertSeen(table);
    this.purgeSql = "DELETE FROM " + table + " WHERE expires_at <= ?";
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
    return work.run("look up a seen webhook id", connection -> {
      try (PreparedStatement select = connection.prepareStatement(selectSql)) {
        select.setString(1, endpoint);
        select.setString(2, id);
        select.setObject(3, utc(clock.instant()));
        try (ResultSet row = select.executeQuery()) {
          return row.next();
        }
      }
    });
  }

  @Override
  public void markSeen(String endpoint, String id, Instant expiresAt) {
    Objects.requireNonNull(expiresAt, "expiresAt");
    work.run("record a seen webhook id", connection -> {
      try (PreparedStatement upsert = connection.prepareStatement(upsertSql)) {
        upsert.setString(1, endpoint);
        upsert.setString(2, id);
        upsert.setObject(3, utc(expiresAt));
        return upsert.executeUpdate();
      }
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
    return work.run("purge expired webhook ids", connection -> {
      try (PreparedStatement purge = connection.prepareStatement(purgeSql)) {
        purge.setObject(1, utc(clock.instant()));
        return purge.executeUpdate();
      }
    });
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  @Override
  public String toString() {
    return "JdbcReplayGuard[table=" + table + "]";
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
