package dev.hookmesh.jdbc;

import dev.hookmesh.WebhookMessage;
import dev.hookmesh.delivery.DeliveryAttempt;
import dev.hookmesh.delivery.DeliveryOutcome;
import dev.hookmesh.delivery.DeliveryStatus;
import dev.hookmesh.delivery.DeliveryStore;
import dev.hookmesh.delivery.EndpointState;
import dev.hookmesh.delivery.PendingDelivery;
import dev.hookmesh.internal.UrlRedaction;
import dev.hookmesh.jdbc.internal.Dialect;
import dev.hookmesh.jdbc.internal.MessageRow;
import dev.hookmesh.jdbc.internal.UnitOfWork;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
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

  /**
   * Pending rows, written so that the partial claim index answers it: {@code visible_at} is
   * null exactly when a delivery has finished. {@code outcome IS NULL} would scan the table,
   * finished history included.
   */
  private static final String PENDING = " WHERE visible_at IS NOT NULL";

  /** SQLSTATE class 23: a constraint, here the attempt's reference to its message, failed. */
  private static final String INTEGRITY_VIOLATION = "23";

  private final UnitOfWork work;
  private final Dialect dialect;
  private final Clock clock;
  private final String messages;
  private final String deliveries;
  private final String attempts;
  private final String endpoints;

  private JdbcDeliveryStore(Builder builder) {
    this.work = new UnitOfWork(builder.connections);
    this.clock = builder.clock;
    this.messages = builder.tablePrefix + "message";
    this.deliveries = builder.tablePrefix + "delivery";
    this.attempts = builder.tablePrefix + "attempt";
    this.endpoints = builder.tablePrefix + "endpoint";
    this.dialect = work.run("detect the database", Dialect::of);
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
    MessageRow row = row(message);
    return work.run("enqueue a delivery", connection -> {
      dialect.insertMessageIfAbsent(connection, messages, row);
      return dialect.enqueueDelivery(connection, deliveries, message.id(), endpointId, utc(due));
    });
  }

  /** Stores the message and every delivery in one transaction (the caller's, if it has one). */
  @Override
  public int enqueueAll(WebhookMessage message, Collection<String> endpointIds, Instant due) {
    MessageRow row = row(message);
    OffsetDateTime at = utc(due);
    return work.run("enqueue deliveries", connection -> {
      dialect.insertMessageIfAbsent(connection, messages, row);
      int added = 0;
      for (String endpointId : endpointIds) {
        Objects.requireNonNull(endpointId, "endpointId");
        if (dialect.enqueueDelivery(connection, deliveries, message.id(), endpointId, at)) {
          added++;
        }
      }
      return added;
    });
  }

  @Override
  public void saveMessage(WebhookMessage message) {
    MessageRow row = row(message);
    work.run("store a message", connection -> {
      dialect.insertMessageIfAbsent(connection, messages, row);
      return null;
    });
  }

  @Override
  public List<PendingDelivery> claimDue(
      Instant now, int max, Set<String> skipEndpoints, Duration lease, String owner) {
    if (max < 1) {
      return List.of();
    }
    OffsetDateTime expiry = utc(now.plus(lease));
    if (dialect == Dialect.POSTGRESQL) {
      return work.run("claim due deliveries", connection ->
          claimInOneStatement(connection, utc(now), max, skipEndpoints, owner, expiry));
    }
    return work.run("claim due deliveries", connection -> {
      List<ClaimedRow> rows = lockDue(connection, utc(now), max, skipEndpoints);
      if (rows.isEmpty()) {
        return List.of();
      }
      try (PreparedStatement lock = connection.prepareStatement("UPDATE " + deliveries
          + " SET lease_owner = ?, lease_expiry = ?, visible_at = ?"
          + " WHERE message_id = ? AND endpoint_id = ?")) {
        for (ClaimedRow row : rows) {
          lock.setString(1, owner);
          lock.setObject(2, expiry);
          lock.setObject(3, expiry);
          lock.setString(4, row.messageId);
          lock.setString(5, row.endpointId);
          lock.addBatch();
        }
        lock.executeBatch();
      }
      Map<String, WebhookMessage> bodies = loadMessages(connection, rows);
      List<PendingDelivery> claimed = new ArrayList<>(rows.size());
      for (ClaimedRow row : rows) {
        claimed.add(new PendingDelivery(bodies.get(row.messageId), row.endpointId, row.attempts,
            row.firstAttemptAt, row.due, owner, expiry.toInstant()));
      }
      return claimed;
    });
  }

  /**
   * PostgreSQL: lock the due rows, lease them and read them with their messages in one
   * statement and one round trip, where the portable path takes three.
   */
  private List<PendingDelivery> claimInOneStatement(Connection connection, OffsetDateTime now,
      int max, Set<String> skipEndpoints, String owner, OffsetDateTime expiry)
      throws SQLException {
    StringBuilder sql = new StringBuilder("WITH due AS (SELECT message_id, endpoint_id,"
        + " visible_at FROM ").append(deliveries).append(lockingDue(skipEndpoints.size()))
        .append(") UPDATE ").append(deliveries).append(" AS d")
        .append(" SET lease_owner = ?, lease_expiry = ?, visible_at = ?")
        .append(" FROM due JOIN ").append(messages).append(" AS m ON m.id = due.message_id")
        .append(" WHERE d.message_id = due.message_id AND d.endpoint_id = due.endpoint_id")
        .append(" RETURNING m.id, m.event_type, m.content_type, m.body, m.created_at,")
        .append(" d.endpoint_id, d.attempts, d.first_attempt_at, d.due_at, due.visible_at");
    try (PreparedStatement claim = connection.prepareStatement(sql.toString())) {
      int index = bindDue(claim, now, skipEndpoints, max);
      claim.setString(index++, owner);
      claim.setObject(index++, expiry);
      claim.setObject(index, expiry);
      List<Claimed> rows = new ArrayList<>();
      Map<String, WebhookMessage> byId = new HashMap<>();
      try (ResultSet result = claim.executeQuery()) {
        while (result.next()) {
          // One message object per id, so its deliveries share the body, as they do in memory.
          WebhookMessage message = byId.get(result.getString(1));
          if (message == null) {
            message = message(result);
            byId.put(message.id(), message);
          }
          rows.add(new Claimed(Objects.requireNonNull(instant(result, 10)),
              new PendingDelivery(message, result.getString(6), result.getInt(7),
                  instant(result, 8), Objects.requireNonNull(instant(result, 9)), owner,
                  expiry.toInstant())));
        }
      }
      // RETURNING keeps no order: hand them out earliest first, as the portable path does.
      rows.sort(Comparator.comparing(Claimed::visibleAt));
      List<PendingDelivery> claimed = new ArrayList<>(rows.size());
      rows.forEach(row -> claimed.add(row.delivery()));
      return claimed;
    }
  }

  private record Claimed(Instant visibleAt, PendingDelivery delivery) {}

  /** The condition and locking of a claim: due rows, earliest first, skipping locked ones. */
  private static String lockingDue(int skippedEndpoints) {
    String skip = skippedEndpoints == 0 ? "" : " AND endpoint_id NOT IN ("
        + String.join(", ", Collections.nCopies(skippedEndpoints, "?")) + ")";
    return " WHERE visible_at <= ?" + skip + " ORDER BY visible_at LIMIT ? FOR UPDATE SKIP LOCKED";
  }

  /** Binds {@link #lockingDue}'s parameters from the first; returns the next index. */
  private static int bindDue(PreparedStatement statement, OffsetDateTime now,
      Set<String> skipEndpoints, int max) throws SQLException {
    int index = 1;
    statement.setObject(index++, now);
    for (String endpoint : skipEndpoints) {
      statement.setString(index++, endpoint);
    }
    statement.setInt(index++, max);
    return index;
  }

  private List<ClaimedRow> lockDue(
      Connection connection, OffsetDateTime now, int max, Set<String> skipEndpoints)
      throws SQLException {
    String sql = "SELECT message_id, endpoint_id, attempts, first_attempt_at, due_at FROM "
        + deliveries + lockingDue(skipEndpoints.size());
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      bindDue(select, now, skipEndpoints, max);
      List<ClaimedRow> rows = new ArrayList<>();
      try (ResultSet result = select.executeQuery()) {
        while (result.next()) {
          rows.add(new ClaimedRow(result.getString(1), result.getString(2), result.getInt(3),
              instant(result, 4), Objects.requireNonNull(instant(result, 5))));
        }
      }
      return rows;
    }
  }

  private Map<String, WebhookMessage> loadMessages(Connection connection, List<ClaimedRow> rows)
      throws SQLException {
    List<String> ids = rows.stream().map(row -> row.messageId).distinct().toList();
    Map<String, WebhookMessage> found = new HashMap<>();
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT id, event_type, content_type, body, created_at FROM " + messages
            + " WHERE id IN (" + String.join(", ", Collections.nCopies(ids.size(), "?")) + ")")) {
      for (int i = 0; i < ids.size(); i++) {
        select.setString(i + 1, ids.get(i));
      }
      try (ResultSet result = select.executeQuery()) {
        while (result.next()) {
          WebhookMessage message = message(result);
          found.put(message.id(), message);
        }
      }
    }
    return found;
  }

  @Override
  public boolean reschedule(
      PendingDelivery claimed, Instant due, int attempts, @Nullable Instant firstAttemptAt) {
    return work.run("reschedule a delivery", connection -> {
      try (PreparedStatement update = connection.prepareStatement("UPDATE " + deliveries
          + " SET due_at = ?, visible_at = ?, attempts = ?, first_attempt_at = ?,"
          + " lease_owner = NULL, lease_expiry = NULL" + leaseHeld())) {
        update.setObject(1, utc(due));
        update.setObject(2, utc(due));
        update.setInt(3, attempts);
        update.setObject(4, firstAttemptAt == null ? null : utc(firstAttemptAt));
        bindLease(update, 5, claimed);
        return update.executeUpdate() == 1;
      }
    });
  }

  @Override
  public boolean complete(PendingDelivery claimed, DeliveryOutcome outcome) {
    return work.run("finish a delivery", connection -> finish(connection, claimed, outcome));
  }

  /** One transaction: the attempt is logged and the delivery finished, or neither. */
  @Override
  public boolean complete(
      PendingDelivery claimed, DeliveryOutcome outcome, DeliveryAttempt attempt) {
    return work.run("record an attempt and finish its delivery", connection -> {
      insertAttempt(connection, attempt);
      return finish(connection, claimed, outcome);
    });
  }

  private boolean finish(Connection connection, PendingDelivery claimed, DeliveryOutcome outcome)
      throws SQLException {
    try (PreparedStatement update = connection.prepareStatement("UPDATE " + deliveries
        + " SET outcome = ?, finished_at = ?, visible_at = NULL,"
        + " lease_owner = NULL, lease_expiry = NULL" + leaseHeld())) {
      update.setString(1, outcome.name());
      update.setObject(2, utc(clock.instant()));
      bindLease(update, 3, claimed);
      return update.executeUpdate() == 1;
    }
  }

  /** The condition that the caller still holds its lease on a pending delivery. */
  private static String leaseHeld() {
    return " WHERE message_id = ? AND endpoint_id = ? AND outcome IS NULL"
        + " AND lease_owner = ? AND lease_expiry = ?";
  }

  private static void bindLease(PreparedStatement update, int from, PendingDelivery claimed)
      throws SQLException {
    update.setString(from, claimed.messageId());
    update.setString(from + 1, claimed.endpointId());
    update.setString(from + 2, claimed.leaseOwner());
    update.setObject(from + 3, claimed.leaseExpiry() == null ? null : utc(claimed.leaseExpiry()));
  }

  @Override
  public void recordAttempt(DeliveryAttempt attempt) {
    work.run("record an attempt", connection -> {
      insertAttempt(connection, attempt);
      return null;
    });
  }

  private void insertAttempt(Connection connection, DeliveryAttempt attempt) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + attempts
        + " (message_id, endpoint_id, attempt, started_at, duration_ms, status,"
        + " response_headers, response_body, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, attempt.messageId());
      insert.setString(2, attempt.endpointId());
      insert.setInt(3, attempt.attempt());
      insert.setObject(4, utc(attempt.startedAt()));
      insert.setLong(5, attempt.duration().toMillis());
      insert.setInt(6, attempt.status());
      insert.setString(7, HeaderLines.format(attempt.responseHeaders()));
      insert.setString(8, attempt.responseBody());
      insert.setString(9, attempt.error());
      insert.executeUpdate();
    } catch (SQLException e) {
      if (e.getSQLState() != null && e.getSQLState().startsWith(INTEGRITY_VIOLATION)) {
        throw new IllegalStateException("No message " + attempt.messageId() + " in the store", e);
      }
      throw e;
    }
  }

  @Override
  public Optional<DeliveryStatus> status(String messageId, String endpointId) {
    return work.run("read a delivery's status", connection -> {
      try (PreparedStatement select = connection.prepareStatement("SELECT outcome, finished_at"
          + " FROM " + deliveries + " WHERE message_id = ? AND endpoint_id = ?")) {
        select.setString(1, messageId);
        select.setString(2, endpointId);
        try (ResultSet result = select.executeQuery()) {
          if (!result.next()) {
            return Optional.empty();
          }
          String outcome = result.getString(1);
          return Optional.of(outcome == null ? DeliveryStatus.PENDING
              : new DeliveryStatus(DeliveryOutcome.valueOf(outcome), instant(result, 2)));
        }
      }
    });
  }

  @Override
  public Optional<WebhookMessage> message(String messageId) {
    return work.run("read a message", connection -> {
      try (PreparedStatement select = connection.prepareStatement(
          "SELECT id, event_type, content_type, body, created_at FROM " + messages
              + " WHERE id = ?")) {
        select.setString(1, messageId);
        try (ResultSet result = select.executeQuery()) {
          return result.next() ? Optional.of(message(result)) : Optional.empty();
        }
      }
    });
  }

  @Override
  public List<DeliveryAttempt> attempts(String messageId) {
    return work.run("read the attempt log", connection -> {
      try (PreparedStatement select = connection.prepareStatement("SELECT message_id,"
          + " endpoint_id, attempt, started_at, duration_ms, status, response_headers,"
          + " response_body, error FROM " + attempts + " WHERE message_id = ? ORDER BY id")) {
        select.setString(1, messageId);
        List<DeliveryAttempt> log = new ArrayList<>();
        try (ResultSet result = select.executeQuery()) {
          while (result.next()) {
            log.add(new DeliveryAttempt(result.getString(1), result.getString(2),
                result.getInt(3), Objects.requireNonNull(instant(result, 4)),
                Duration.ofMillis(result.getLong(5)), result.getInt(6),
                HeaderLines.parse(result.getString(7)), result.getString(8),
                result.getString(9)));
          }
        }
        return log;
      }
    });
  }

  @Override
  public long pendingCount() {
    return work.run("count pending deliveries", connection -> {
      try (PreparedStatement count = connection.prepareStatement(
          "SELECT COUNT(*) FROM " + deliveries + PENDING);
          ResultSet result = count.executeQuery()) {
        result.next();
        return result.getLong(1);
      }
    });
  }

  @Override
  public Optional<Instant> nextDue() {
    return earliest("visible_at", "find the next due delivery");
  }

  /**
   * The due time of the pending delivery that has waited longest, for health checks: how far
   * behind the queue is.
   *
   * @return the earliest due time of a pending delivery, or empty when none is pending
   */
  public Optional<Instant> oldestDue() {
    return earliest("due_at", "find the oldest pending delivery");
  }

  private Optional<Instant> earliest(String column, String what) {
    return work.run(what, connection -> {
      try (PreparedStatement select = connection.prepareStatement(
          "SELECT MIN(" + column + ") FROM " + deliveries + PENDING);
          ResultSet result = select.executeQuery()) {
        result.next();
        return Optional.ofNullable(instant(result, 1));
      }
    });
  }

  @Override
  public List<String> redeliver(String messageId, Instant due) {
    return reopen(" WHERE message_id = ? AND outcome IS NOT NULL", due, messageId, "endpoint_id");
  }

  @Override
  public List<String> redeliverFailed(String endpointId, Instant since, Instant due) {
    // visible_at IS NULL (finished) lets PostgreSQL use its partial index on finished rows.
    return reopen(" WHERE endpoint_id = ? AND visible_at IS NULL AND outcome IS NOT NULL"
        + " AND outcome <> 'DELIVERED'"
        + " AND message_id IN (SELECT id FROM " + messages + " WHERE created_at >= ?)",
        due, endpointId, "message_id", utc(since));
  }

  private List<String> reopen(String where, Instant due, String key, String column,
      Object... more) {
    return work.run("redeliver", connection -> {
      List<String[]> rows = new ArrayList<>();
      try (PreparedStatement select = connection.prepareStatement(
          "SELECT message_id, endpoint_id FROM " + deliveries + where + " FOR UPDATE")) {
        select.setString(1, key);
        for (int i = 0; i < more.length; i++) {
          select.setObject(i + 2, more[i]);
        }
        try (ResultSet result = select.executeQuery()) {
          while (result.next()) {
            rows.add(new String[] {result.getString(1), result.getString(2)});
          }
        }
      }
      try (PreparedStatement update = connection.prepareStatement("UPDATE " + deliveries
          + " SET attempts = 0, first_attempt_at = NULL, due_at = ?, visible_at = ?,"
          + " outcome = NULL, finished_at = NULL WHERE message_id = ? AND endpoint_id = ?")) {
        for (String[] row : rows) {
          update.setObject(1, utc(due));
          update.setObject(2, utc(due));
          update.setString(3, row[0]);
          update.setString(4, row[1]);
          update.addBatch();
        }
        update.executeBatch();
      }
      List<String> reopened = new ArrayList<>(rows.size());
      for (String[] row : rows) {
        reopened.add(column.equals("message_id") ? row[0] : row[1]);
      }
      return reopened;
    });
  }

  /**
   * Retention: deletes messages stored before {@code storedBefore} whose deliveries have all
   * finished, with their deliveries and attempt log. Pending work is never deleted.
   *
   * @param storedBefore the cut-off
   * @return how many messages were deleted
   */
  public int purge(Instant storedBefore) {
    return work.run("purge finished messages", connection -> {
      try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + messages
          + " m WHERE stored_at < ? AND NOT EXISTS (SELECT 1 FROM " + deliveries
          + " d WHERE d.message_id = m.id AND d.outcome IS NULL)")) {
        delete.setObject(1, utc(storedBefore));
        return delete.executeUpdate();
      }
    });
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
      for (String table : List.of(deliveries, attempts, endpoints)) {
        try (PreparedStatement select = connection.prepareStatement("SELECT DISTINCT endpoint_id"
            + " FROM " + table + " WHERE endpoint_id LIKE '%?%' OR endpoint_id LIKE '%@%'"
            + " OR endpoint_id LIKE '%#%'");
            ResultSet result = select.executeQuery()) {
          while (result.next()) {
            String id = result.getString(1);
            if (UrlRedaction.isCredentialedUrlId(id)) {
              renames.put(id, UrlRedaction.endpointId(HttpUrl.get(id)));
            }
          }
        }
      }
      for (String table : List.of(deliveries, attempts, endpoints)) {
        try (PreparedStatement update = connection.prepareStatement(
            "UPDATE " + table + " SET endpoint_id = ? WHERE endpoint_id = ?")) {
          for (Map.Entry<String, String> rename : renames.entrySet()) {
            update.setString(1, rename.getValue());
            update.setString(2, rename.getKey());
            update.addBatch();
          }
          update.executeBatch();
        }
      }
      return renames.size();
    });
  }

  @Override
  public Optional<EndpointState> endpointState(String endpointId) {
    return work.run("read an endpoint's state", connection -> {
      try (PreparedStatement select = connection.prepareStatement("SELECT gone, disabled,"
          + " failing_since FROM " + endpoints + " WHERE endpoint_id = ?")) {
        select.setString(1, endpointId);
        try (ResultSet result = select.executeQuery()) {
          return result.next()
              ? Optional.of(new EndpointState(endpointId, result.getBoolean(1),
                  result.getBoolean(2), instant(result, 3)))
              : Optional.empty();
        }
      }
    });
  }

  @Override
  public void saveEndpointState(EndpointState state) {
    Instant failingSince = state.failingSince();
    work.run("save an endpoint's state", connection -> {
      try (PreparedStatement upsert =
          connection.prepareStatement(dialect.upsertEndpoint(endpoints))) {
        upsert.setString(1, state.endpointId());
        upsert.setBoolean(2, state.gone());
        upsert.setBoolean(3, state.disabled());
        if (failingSince == null) {
          upsert.setNull(4, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
          upsert.setObject(4, utc(failingSince));
        }
        upsert.setObject(5, utc(clock.instant()));
        upsert.executeUpdate();
      }
      return null;
    });
  }

  private MessageRow row(WebhookMessage message) {
    if (!message.isEncoded()) {
      throw new IllegalArgumentException("Encode the message's payload before storing it");
    }
    return new MessageRow(message.id(), message.eventType(), message.contentType(),
        message.body(), utc(message.createdAt()), utc(clock.instant()));
  }

  private static WebhookMessage message(ResultSet result) throws SQLException {
    return WebhookMessage.builder(result.getString(2))
        .id(result.getString(1))
        .body(result.getBytes(4), result.getString(3))
        .createdAt(Objects.requireNonNull(instant(result, 5)))
        .build();
  }

  private static @Nullable Instant instant(ResultSet result, int column) throws SQLException {
    OffsetDateTime value = result.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  /**
   * Every instant is stored at millisecond precision, as the in-memory store keeps them: the
   * JVM's clock has nanoseconds, databases keep microseconds at best, and a lease is checked by
   * comparing the stored expiry with the one handed out.
   */
  private static OffsetDateTime utc(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MILLIS).atOffset(ZoneOffset.UTC);
  }

  @Override
  public String toString() {
    return "JdbcDeliveryStore[" + dialect + ", tables=" + messages + ", " + deliveries + ", "
        + attempts + "]";
  }

  /** A delivery row locked by a claim. */
  private record ClaimedRow(String messageId, String endpointId, int attempts,
      @Nullable Instant firstAttemptAt, Instant due) {}

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

  /** Response headers as {@code name: value} lines, which header values cannot break. */
  static final class HeaderLines {

    private HeaderLines() {}

    static String format(Map<String, List<String>> headers) {
      StringBuilder lines = new StringBuilder();
      headers.forEach((name, values) -> values.forEach(value ->
          lines.append(name).append(": ").append(value.replace('\n', ' ').replace('\r', ' '))
              .append('\n')));
      return lines.toString();
    }

    static Map<String, List<String>> parse(String lines) {
      Map<String, List<String>> headers = new LinkedHashMap<>();
      for (String line : lines.split("\n")) {
        int colon = line.indexOf(": ");
        if (colon > 0) {
          headers.computeIfAbsent(line.substring(0, colon), name -> new ArrayList<>())
              .add(line.substring(colon + 2));
        }
      }
      return headers;
    }
  }
}
