package dev.hookmesh.jdbc;

import dev.hookmesh.inbox.ClaimedEvent;
import dev.hookmesh.inbox.InboxEntry;
import dev.hookmesh.inbox.InboxEvent;
import dev.hookmesh.inbox.InboxSettlement;
import dev.hookmesh.inbox.InboxStats;
import dev.hookmesh.inbox.InboxStatus;
import dev.hookmesh.inbox.InboxStore;
import dev.hookmesh.jdbc.internal.Dialect;
import dev.hookmesh.jdbc.internal.GroupCommit;
import dev.hookmesh.jdbc.internal.InboxSql;
import dev.hookmesh.jdbc.internal.InboxSql.Arrival;
import dev.hookmesh.jdbc.internal.SqlErrors;
import dev.hookmesh.jdbc.internal.SqlValues;
import dev.hookmesh.jdbc.internal.UnitOfWork;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * An {@link InboxStore} in PostgreSQL (or H2 for development), over plain JDBC: an acknowledged
 * event survives restarts, and several instances share one inbox, claiming events with
 * {@code SELECT ... FOR UPDATE SKIP LOCKED} and a lease.
 *
 * <pre>{@code
 * JdbcSchema.create(dataSource);   // or apply the shipped scripts with Flyway or Liquibase
 * WebhookInbox inbox = WebhookInbox.builder(JdbcInboxStore.builder(dataSource).build(), handler)
 *     .build();
 * }</pre>
 *
 * <p>One row per endpoint and message id, kept by a unique key: a duplicate is refused by the
 * database, not by a lock, so two instances receiving the same message at once store it once.
 * On PostgreSQL, storing an event is one statement in auto-commit mode. Writes join the caller's
 * transaction when {@link JdbcConnections} says there is one: with the Spring Boot starter, a
 * transactional listener's writes and its event's completion commit together.
 */
public final class JdbcInboxStore implements InboxStore {

  private final UnitOfWork work;
  private final Dialect dialect;
  private final InboxSql sql;
  private final Clock clock;
  /** Where events arriving together share a statement, if the database stores them in one. */
  private final @Nullable GroupCommit<Arrival, @Nullable Long> arrivals;

  private JdbcInboxStore(Builder builder) {
    UnitOfWork plain = new UnitOfWork(builder.connections);
    this.clock = builder.clock;
    this.dialect = Dialect.of(builder.database, plain);
    this.work = dialect.work(plain);
    this.sql = dialect.inboxSql(builder.tablePrefix);
    this.arrivals = sql.addIsOneStatement()
        ? new GroupCommit<>(batch -> work.runStatement("store inbox events",
            connection -> sql.add(connection, batch)), SqlErrors::mayBeOneRowsFault,
            InboxSql.MAX_ADDED)
        : null;
  }

  /**
   * Starts a store on a data source whose tables {@link JdbcSchema} created.
   *
   * @param dataSource a PostgreSQL or H2 database, ideally pooled
   * @return a new builder
   */
  public static Builder builder(DataSource dataSource) {
    return new Builder(JdbcConnections.of(dataSource));
  }

  /**
   * Starts a store on connections from elsewhere, such as a transaction manager's.
   *
   * @param connections where connections come from
   * @return a new builder
   */
  public static Builder builder(JdbcConnections connections) {
    return new Builder(connections);
  }

  @Override
  public boolean add(InboxEvent event, @Nullable Duration lease, String owner,
      Consumer<ClaimedEvent> onStored) {
    Objects.requireNonNull(event, "event");
    Instant now = clock.instant();
    OffsetDateTime at = SqlValues.utc(now);
    OffsetDateTime expiry = lease == null ? null : SqlValues.utc(now.plus(lease));
    GroupCommit<Arrival, @Nullable Long> shared = arrivals;
    if (shared != null && !work.inCallersTransaction()) {
      // A statement of its own, committed by itself: events arriving together share one.
      Long sequence = shared.write(new Arrival(event, at, expiry != null ? owner : null, expiry));
      if (sequence != null && expiry != null) {
        onStored.accept(new ClaimedEvent(sequence, event, 0, null, at.toInstant(), owner,
            expiry.toInstant()));
      }
      return sequence != null;
    }
    return work.run("store an inbox event", sql.addIsOneStatement(), (connection, commits) -> {
      ClaimedEvent[] stored = new ClaimedEvent[1];
      boolean announced = expiry != null && commits.afterCommit(() -> {
        if (stored[0] != null) {
          onStored.accept(stored[0]);
        }
      });
      Long sequence = sql.add(connection, List.of(new Arrival(event, at,
          announced ? owner : null, announced ? expiry : null))).get(0);
      if (sequence != null && announced) {
        stored[0] = new ClaimedEvent(sequence, event, 0, null, at.toInstant(), owner,
            expiry.toInstant());
      }
      return sequence != null;
    });
  }

  @Override
  public List<ClaimedEvent> claim(Instant now, int max, Set<String> busyEndpoints,
      Duration lease, String owner) {
    if (max < 1) {
      return List.of();
    }
    OffsetDateTime expiry = SqlValues.utc(now.plus(lease));
    return work.run("claim inbox events", connection ->
        sql.claim(connection, SqlValues.utc(now), max, busyEndpoints, owner, expiry));
  }

  /** Each settlement is one statement; the lot goes in one round trip on PostgreSQL. */
  @Override
  public boolean[] settle(List<InboxSettlement> settlements) {
    if (settlements.isEmpty()) {
      return new boolean[0];
    }
    OffsetDateTime now = SqlValues.utc(clock.instant());
    return work.run("settle inbox events", sql.settlesInOneStatementEach(),
        (connection, commits) -> sql.settle(connection, settlements, now));
  }

  @Override
  public Optional<Instant> nextDue() {
    return work.runStatement("find the next due inbox event", sql::nextVisible);
  }

  @Override
  public List<InboxEntry> list(InboxStatus status, @Nullable String endpoint,
      @Nullable Long after, int limit) {
    return work.runStatement("list inbox events",
        connection -> sql.list(connection, status, endpoint, after, limit));
  }

  @Override
  public Optional<InboxEntry> find(String endpoint, String messageId) {
    return work.runStatement("find an inbox event",
        connection -> sql.find(connection, endpoint, messageId));
  }

  @Override
  public int reopen(InboxStatus from, @Nullable String endpoint, @Nullable String messageId,
      @Nullable Instant receivedSince, Instant due) {
    if (from == InboxStatus.PENDING) {
      throw new IllegalArgumentException("Only processed events and dead letters are reopened");
    }
    return work.runStatement("reopen inbox events", connection -> sql.reopen(connection, from,
        endpoint, messageId, receivedSince == null ? null : SqlValues.utc(receivedSince),
        SqlValues.utc(due)));
  }

  @Override
  public int purge(Instant finishedBefore) {
    return work.runStatement("purge the inbox",
        connection -> sql.purge(connection, SqlValues.utc(finishedBefore)));
  }

  @Override
  public InboxStats stats() {
    return work.run("count inbox events", sql::stats);
  }

  @Override
  public String toString() {
    return "JdbcInboxStore[" + dialect + ", table=" + sql.table() + "]";
  }

  /** Configures a {@link JdbcInboxStore}. */
  public static final class Builder extends JdbcSettings<Builder> {

    private Builder(JdbcConnections connections) {
      super(connections);
    }

    /**
     * Builds the store; connects once to detect the database.
     *
     * @return the store
     */
    public JdbcInboxStore build() {
      return new JdbcInboxStore(this);
    }
  }
}
