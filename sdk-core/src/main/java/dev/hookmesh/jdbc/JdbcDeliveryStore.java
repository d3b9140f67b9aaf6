package dev.hookmesh.jdbc;

import dev.hookmesh.WebhookMessage;
import dev.hookmesh.delivery.DeliveryAttempt;
import dev.hookmesh.delivery.DeliveryOutcome;
import dev.hookmesh.delivery.DeliveryStatus;
import dev.hookmesh.delivery.DeliveryStore;
import dev.hookmesh.delivery.DeliveryTarget;
import dev.hookmesh.delivery.EndpointState;
import dev.hookmesh.delivery.MessageQuery;
import dev.hookmesh.delivery.PendingDelivery;
import dev.hookmesh.delivery.Settlement;
import dev.hookmesh.delivery.StoredMessage;
import dev.hookmesh.internal.UrlRedaction;
import dev.hookmesh.jdbc.internal.DeliverySql;
import dev.hookmesh.jdbc.internal.Dialect;
import dev.hookmesh.jdbc.internal.EndpointStateSql;
import dev.hookmesh.jdbc.internal.MessageLogSql;
import dev.hookmesh.jdbc.internal.MessageRow;
import dev.hookmesh.jdbc.internal.SqlValues;
import dev.hookmesh.jdbc.internal.UnitOfWork;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import javax.sql.DataSource;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * A {@link DeliveryStore} in PostgreSQL (or H2 for development), over plain JDBC: deliveries
 * survive restarts, and several {@code WebhookClient}s, in as many processes, share one queue.
 *
 * <pre>{@code
 * JdbcSchema.create(dataSource);   // or apply the shipped scripts with Flyway or Liquibase
 * WebhookClient client = WebhookClient.builder()
 *     .store(JdbcDeliveryStore.builder(dataSource).build())
 *     .build();
 * }</pre>
 *
 * <p>Workers claim due deliveries in batches with {@code SELECT ... FOR UPDATE SKIP LOCKED}
 * and a lease, so instances never wait on each other and never claim the same row; a lease that
 * expires (its instance crashed) makes the delivery due again. A delivery is finished only after
 * the attempt that ends it, so a crash mid-attempt can send a message twice, never zero times.
 *
 * <p>{@link #enqueue} joins the caller's transaction when {@link JdbcConnections} says there is
 * one (the Spring Boot starter's transactional outbox): a message is stored, and so sent, only
 * if that transaction commits.
 *
 * <p>Finished deliveries and their attempt log stay until {@link #purge(Instant)} removes them.
 *
 * <p>It also {@linkplain #saveEndpointState remembers} which endpoints are gone or disabled and
 * since when each has been failing, so a restart or a deploy does not reset them.
 */
public final class JdbcDeliveryStore implements DeliveryStore {

  private final UnitOfWork work;
  private final Dialect dialect;
  private final DeliverySql sql;
  private final MessageLogSql log;
  private final EndpointStateSql endpointStates;
  private final Clock clock;

  private JdbcDeliveryStore(Builder builder) {
    UnitOfWork plain = new UnitOfWork(builder.connections);
    this.clock = builder.clock;
    this.dialect = Dialect.of(builder.database, plain);
    this.work = dialect.work(plain);
    this.sql = dialect.deliverySql(builder.tablePrefix);
    this.log = dialect.messageLogSql(builder.tablePrefix);
    this.endpointStates = dialect.endpointStateSql(builder.tablePrefix);
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
  public boolean enqueue(WebhookMessage message, String endpointId, Instant due) {
    Objects.requireNonNull(endpointId, "endpointId");
    return enqueueAll(message, List.of(endpointId), due) == 1;
  }

  /** Stores the message and every delivery in one transaction (the caller's, if it has one). */
  @Override
  public int enqueueAll(WebhookMessage message, Collection<String> endpointIds, Instant due) {
    List<DeliveryTarget> targets = new ArrayList<>(endpointIds.size());
    for (String endpointId : endpointIds) {
      targets.add(new DeliveryTarget(Objects.requireNonNull(endpointId, "endpointId"),
          message.orderingKey()));
    }
    Collection<DeliveryTarget> distinct = distinct(targets);
    if (distinct.isEmpty()) {
      saveMessage(message);
      return 0;
    }
    MessageRow row = row(message);
    OffsetDateTime at = SqlValues.utc(due);
    return work.run("enqueue deliveries", sql.enqueueIsOneStatement(distinct.size()),
        (connection, commits) -> sql.enqueue(connection, row, distinct, at, null, null).size());
  }

  /**
   * Stores the message and its deliveries, the unordered ones already leased, in one statement
   * on PostgreSQL; hands the leased ones over at once, or when the caller's transaction commits
   * if {@link JdbcConnections} can tell when that is.
   */
  @Override
  public boolean enqueueClaimed(WebhookMessage message, Collection<DeliveryTarget> targets,
      Instant now, @Nullable Duration lease, String owner,
      Consumer<List<PendingDelivery>> onStored) {
    Collection<DeliveryTarget> distinct = distinct(targets);
    if (distinct.isEmpty()) {
      saveMessage(message);
      return true;
    }
    MessageRow row = row(message);
    OffsetDateTime due = SqlValues.utc(now);
    OffsetDateTime expiry = lease == null ? null : SqlValues.utc(now.plus(lease));
    return work.run("enqueue deliveries", sql.enqueueIsOneStatement(distinct.size()),
        (connection, commits) -> {
          List<PendingDelivery> leased = new ArrayList<>(distinct.size());
          boolean announced = lease != null && commits.afterCommit(() -> {
            if (!leased.isEmpty()) {
              onStored.accept(leased);
            }
          });
          List<DeliveryTarget> added = sql.enqueue(connection, row, distinct, due,
              announced ? owner : null, announced ? expiry : null);
          boolean allLeased = announced;
          for (DeliveryTarget target : added) {
            if (announced && !target.ordered()) {
              leased.add(new PendingDelivery(message, target.endpointId(), 0, null,
                  due.toInstant(), owner, Objects.requireNonNull(expiry).toInstant()));
            } else {
              allLeased = false;
            }
          }
          return allLeased;
        });
  }

  /** The targets, each endpoint once: the first target of an endpoint counts. */
  private static Collection<DeliveryTarget> distinct(Collection<DeliveryTarget> targets) {
    Map<String, DeliveryTarget> byEndpoint = new LinkedHashMap<>(targets.size() * 2);
    for (DeliveryTarget target : targets) {
      byEndpoint.putIfAbsent(target.endpointId(), target);
    }
    return byEndpoint.values();
  }

  @Override
  public void saveMessage(WebhookMessage message) {
    MessageRow row = row(message);
    work.runStatement("store a message", connection -> {
      sql.saveMessage(connection, row);
      return null;
    });
  }

  @Override
  public List<PendingDelivery> claimDue(
      Instant now, int max, Set<String> skipEndpoints, Duration lease, String owner) {
    if (max < 1) {
      return List.of();
    }
    OffsetDateTime expiry = SqlValues.utc(now.plus(lease));
    return work.run("claim due deliveries", connection ->
        sql.claim(connection, SqlValues.utc(now), max, skipEndpoints, owner, expiry));
  }

  @Override
  public boolean reschedule(
      PendingDelivery claimed, Instant due, int attempts, @Nullable Instant firstAttemptAt) {
    return settle(List.of(new Settlement(claimed, null, due, attempts, firstAttemptAt, null)))[0];
  }

  @Override
  public boolean complete(PendingDelivery claimed, DeliveryOutcome outcome) {
    return settle(List.of(Settlement.finish(claimed, outcome, null)))[0];
  }

  /** One transaction: the attempt is logged and the delivery finished, or neither. */
  @Override
  public boolean complete(
      PendingDelivery claimed, DeliveryOutcome outcome, DeliveryAttempt attempt) {
    return settle(List.of(Settlement.finish(claimed, outcome, attempt)))[0];
  }

  /**
   * Each settlement's attempt is logged and its delivery moved on, or neither. On PostgreSQL
   * each settlement is one statement, and the lot goes in one round trip, each statement
   * committing itself; elsewhere the lot is one transaction.
   */
  @Override
  public boolean[] settle(List<Settlement> settlements) {
    if (settlements.isEmpty()) {
      return new boolean[0];
    }
    OffsetDateTime now = SqlValues.utc(clock.instant());
    return work.run("settle deliveries", sql.settlesInOneStatementEach(),
        (connection, commits) -> sql.settle(connection, settlements, now));
  }

  @Override
  public void recordAttempt(DeliveryAttempt attempt) {
    work.runStatement("record an attempt", connection -> {
      sql.recordAttempt(connection, attempt);
      return null;
    });
  }

  @Override
  public Optional<DeliveryStatus> status(String messageId, String endpointId) {
    return work.runStatement("read a delivery's status",
        connection -> sql.status(connection, messageId, endpointId));
  }

  @Override
  public Map<String, DeliveryStatus> statuses(String messageId) {
    return work.runStatement("list a message's deliveries",
        connection -> sql.statuses(connection, messageId));
  }

  /** In one statement per 500 endpoints. */
  @Override
  public Map<String, EndpointState> endpointStates(Collection<String> endpointIds) {
    List<String> ids = List.copyOf(new LinkedHashSet<>(endpointIds));
    Map<String, EndpointState> states = new LinkedHashMap<>();
    for (int from = 0; from < ids.size(); from += 500) {
      List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
      states.putAll(work.runStatement("read endpoints' states",
          connection -> endpointStates.endpointStates(connection, chunk)));
    }
    return states;
  }

  @Override
  public List<StoredMessage> messages(MessageQuery query) {
    return work.runStatement("list an application's messages",
        connection -> log.messages(connection, query));
  }

  @Override
  public List<DeliveryAttempt> recentAttempts(String endpointId, Instant since, int limit) {
    return work.runStatement("read an endpoint's recent attempts",
        connection -> log.recentAttempts(connection, endpointId, since, limit));
  }

  @Override
  public Optional<WebhookMessage> message(String messageId) {
    return work.runStatement("read a message", connection -> sql.message(connection, messageId));
  }

  @Override
  public List<DeliveryAttempt> attempts(String messageId) {
    return work.runStatement("read the attempt log",
        connection -> sql.attempts(connection, messageId));
  }

  @Override
  public long pendingCount() {
    return work.runStatement("count pending deliveries", sql::pendingCount);
  }

  @Override
  public Optional<Instant> nextDue() {
    return work.runStatement("find the next due delivery", sql::nextVisible);
  }

  /**
   * The due time of the pending delivery that has waited longest, for health checks: how far
   * behind the queue is.
   *
   * @return the earliest due time of a pending delivery, or empty when none is pending
   */
  public Optional<Instant> oldestDue() {
    return work.runStatement("find the oldest pending delivery", sql::oldestDue);
  }

  @Override
  public List<String> redeliver(String messageId, Instant due) {
    return work.run("redeliver",
        connection -> sql.redeliver(connection, messageId, SqlValues.utc(due)));
  }

  @Override
  public List<String> redeliverFailed(String endpointId, Instant since, Instant due) {
    return work.run("redeliver", connection -> sql.redeliverFailed(connection, endpointId,
        SqlValues.utc(since), SqlValues.utc(due)));
  }

  /**
   * Retention: deletes messages stored before {@code storedBefore} whose deliveries have all
   * finished, with their deliveries and attempt log. Pending work is never deleted.
   *
   * @param storedBefore the cut-off
   * @return how many messages were deleted
   */
  public int purge(Instant storedBefore) {
    return work.run("purge finished messages",
        connection -> sql.purge(connection, SqlValues.utc(storedBefore)));
  }

  /**
   * Rewrites endpoint ids that earlier versions derived from a URL with credentials in it.
   * Before 0.1.0, an endpoint built without an id took its whole URL as its id, user info and
   * query included, and this store kept that id in its rows. This replaces each such id, in
   * deliveries, the attempt log and endpoint state, with the id the endpoint gets now (see
   * {@link dev.hookmesh.Endpoint#id()}), so pending deliveries keep going to the same endpoint
   * and the credentials leave the database. Ids that are not such URLs are left alone. Safe to
   * run again; run it once after upgrading, before the clients start.
   *
   * @return how many distinct ids were rewritten
   */
  public int redactEndpointIds() {
    return work.run("redact endpoint ids", connection -> {
      Map<String, String> renames = new LinkedHashMap<>();
      for (String id : sql.urlLikeEndpointIds(connection)) {
        if (UrlRedaction.isCredentialedUrlId(id)) {
          renames.put(id, UrlRedaction.endpointId(HttpUrl.get(id)));
        }
      }
      sql.renameEndpoints(connection, renames);
      return renames.size();
    });
  }

  @Override
  public Optional<EndpointState> endpointState(String endpointId) {
    return work.runStatement("read an endpoint's state",
        connection -> endpointStates.endpointState(connection, endpointId));
  }

  @Override
  public void saveEndpointState(EndpointState state) {
    OffsetDateTime now = SqlValues.utc(clock.instant());
    work.runStatement("save an endpoint's state", connection -> {
      endpointStates.saveEndpointState(connection, state, now);
      return null;
    });
  }

  private MessageRow row(WebhookMessage message) {
    return MessageRow.of(message, clock.instant());
  }

  @Override
  public String toString() {
    return "JdbcDeliveryStore[" + dialect + ", tables=" + sql.tables() + "]";
  }

  /** Configures a {@link JdbcDeliveryStore}. */
  public static final class Builder extends JdbcSettings<Builder> {

    private Builder(JdbcConnections connections) {
      super(connections);
    }

    /**
     * Builds the store; connects once to detect the database.
     *
     * @return the store
     */
    public JdbcDeliveryStore build() {
      return new JdbcDeliveryStore(this);
    }
  }
}
