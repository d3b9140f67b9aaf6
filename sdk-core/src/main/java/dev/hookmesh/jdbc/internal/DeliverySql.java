package dev.hookmesh.jdbc.internal;

import dev.hookmesh.WebhookMessage;
import dev.hookmesh.delivery.DeliveryAttempt;
import dev.hookmesh.delivery.DeliveryOutcome;
import dev.hookmesh.delivery.DeliveryStatus;
import dev.hookmesh.delivery.DeliveryTarget;
import dev.hookmesh.delivery.PendingDelivery;
import dev.hookmesh.delivery.Settlement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Every statement of the delivery store, each in one place, with one reader per table's rows:
 * the portable SQL, which H2 runs; {@link PostgresDeliverySql} replaces the statements of the hot
 * path with PostgreSQL's one-round-trip forms.
 *
 * <p>A delivery row is pending while {@code visible_at} is set: the due time while unleased,
 * the lease expiry while leased. It is finished when {@code visible_at} is null and
 * {@code outcome} is set. Every instant is stored at millisecond precision, as the in-memory
 * store keeps them, because a lease is checked by comparing the stored expiry with the one
 * handed out.
 */
public class DeliverySql {

  static final String ATTEMPT_COLUMNS = "message_id, endpoint_id, attempt, started_at,"
      + " duration_ms, status, response_headers, response_body, error";
  /**
   * What makes a delivery pending again, from attempt 1: {@link #bindReopen} binds the due time,
   * when it is visible, and the lease.
   */
  private static final String REOPEN = " SET " + reopenAssignments(column -> "?");
  /**
   * The one definition of reopening a delivery: attempts from 1, pending, with a new due time,
   * visibility and lease, each given by {@code value} from its column's name (a parameter here,
   * {@code EXCLUDED.<column>} in PostgreSQL's upsert).
   */
  static String reopenAssignments(UnaryOperator<String> value) {
    return "attempts = 0, first_attempt_at = NULL, due_at = " + value.apply("due_at")
        + ", visible_at = " + value.apply("visible_at") + ", lease_owner = "
        + value.apply("lease_owner") + ", lease_expiry = " + value.apply("lease_expiry")
        + ", outcome = NULL, finished_at = NULL";
  }

  /** The condition that a caller still holds its lease on a pending delivery. */
  private static final String LEASE_HELD = " WHERE message_id = ? AND endpoint_id = ?"
      + " AND outcome IS NULL AND lease_owner = ? AND lease_expiry = ?";

  final String messages;
  final String deliveries;
  final String attempts;
  final String endpoints;

  /**
   * The statements for tables under a prefix.
   *
   * @param tablePrefix a prefix {@link TableNames#checkPrefix} accepted
   */
  public DeliverySql(String tablePrefix) {
    this.messages = tablePrefix + "message";
    this.deliveries = tablePrefix + "delivery";
    this.attempts = tablePrefix + "attempt";
    this.endpoints = tablePrefix + "endpoint";
  }

  /** The tables, for messages and {@code toString()}. */
  public String tables() {
    return messages + ", " + deliveries + ", " + attempts + ", " + endpoints;
  }

  /**
   * Whether {@link #enqueue} is one statement for so many endpoints, so it may run in
   * auto-commit mode.
   */
  public boolean enqueueIsOneStatement(int endpointCount) {
    return false;
  }

  /**
   * Stores a message unless one with its id is stored, and a delivery to each target: added,
   * or reopened if finished, with the target's ordering key, the unordered ones optionally
   * leased; a pending one is left alone.
   *
   * @param leaseOwner the owner to lease unordered deliveries to, or {@code null} to lease none
   * @param leaseExpiry the lease's end, with an owner
   * @return the targets whose deliveries were added or reopened
   */
  public List<DeliveryTarget> enqueue(Connection connection, MessageRow message,
      Collection<DeliveryTarget> targets, OffsetDateTime due, @Nullable String leaseOwner,
      @Nullable OffsetDateTime leaseExpiry) throws SQLException {
    saveMessage(connection, message);
    List<DeliveryTarget> added = new ArrayList<>(targets.size());
    for (DeliveryTarget target : targets) {
      boolean leased = leaseOwner != null && !target.ordered();
      String owner = leased ? leaseOwner : null;
      OffsetDateTime expiry = leased ? leaseExpiry : null;
      OffsetDateTime visible = leased ? leaseExpiry : due;
      // Insert first: a new delivery, the usual case, then costs one statement.
      if (insertDelivery(connection, message.id(), target, due, visible, owner, expiry)) {
        added.add(target);
        continue;
      }
      try (PreparedStatement reopen = connection.prepareStatement("UPDATE " + deliveries + REOPEN
          + ", ordering_key = ? WHERE message_id = ? AND endpoint_id = ? AND outcome IS NOT NULL")) {
        bindReopen(reopen, due, visible, owner, expiry);
        SqlValues.setText(reopen, 5, target.orderingKey());
        reopen.setString(6, message.id());
        reopen.setString(7, target.endpointId());
        if (reopen.executeUpdate() == 1) {
          added.add(target);
        }
      }
    }
    return added;
  }

  /** Inserts a delivery unless one is stored; whether it did. */
  boolean insertDelivery(Connection connection, String messageId, DeliveryTarget target,
      OffsetDateTime due, @Nullable OffsetDateTime visible, @Nullable String owner,
      @Nullable OffsetDateTime expiry) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + deliveries
        + " (message_id, endpoint_id, attempts, due_at, visible_at, lease_owner, lease_expiry,"
        + " ordering_key) SELECT ?, ?, 0, ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM "
        + deliveries + " WHERE message_id = ? AND endpoint_id = ?)")) {
      bindDelivery(insert, messageId, target, due, visible, owner, expiry);
      insert.setString(8, messageId);
      insert.setString(9, target.endpointId());
      return insert.executeUpdate() == 1;
    }
  }

  /** Binds a new delivery's seven values, in insertion order, from the first parameter. */
  static void bindDelivery(PreparedStatement insert, String messageId, DeliveryTarget target,
      OffsetDateTime due, @Nullable OffsetDateTime visible, @Nullable String owner,
      @Nullable OffsetDateTime expiry) throws SQLException {
    insert.setString(1, messageId);
    insert.setString(2, target.endpointId());
    insert.setObject(3, due);
    SqlValues.setTime(insert, 4, visible);
    SqlValues.setText(insert, 5, owner);
    SqlValues.setTime(insert, 6, expiry);
    SqlValues.setText(insert, 7, target.orderingKey());
  }

  private static void bindReopen(PreparedStatement statement, OffsetDateTime due,
      @Nullable OffsetDateTime visible, @Nullable String leaseOwner,
      @Nullable OffsetDateTime leaseExpiry) throws SQLException {
    statement.setObject(1, due);
    SqlValues.setTime(statement, 2, visible);
    SqlValues.setText(statement, 3, leaseOwner);
    SqlValues.setTime(statement, 4, leaseExpiry);
  }

  /** Stores a message unless one with its id is stored: the first body stays. */
  public void saveMessage(Connection connection, MessageRow message) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + messages
        + " (" + MessageRow.INSERT_COLUMNS + ") SELECT " + MessageRow.PLACEHOLDERS + " WHERE NOT EXISTS"
        + " (SELECT 1 FROM " + messages + " WHERE id = ?)")) {
      message.bind(insert);
      insert.setString(MessageRow.COLUMNS + 1, message.id());
      insert.executeUpdate();
    }
  }

  /**
   * Claims due deliveries, earliest first, skipping locked rows and busy endpoints, and leases
   * them; here in three statements: lock, lease, read the messages.
   */
  public List<PendingDelivery> claim(Connection connection, OffsetDateTime now, int max,
      Set<String> skipEndpoints, String owner, OffsetDateTime expiry) throws SQLException {
    List<Locked> locked = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement("SELECT d.message_id,"
        + " d.endpoint_id, d.attempts, d.first_attempt_at, d.due_at, d.ordering_key"
        + lockingDue(skipEndpoints))) {
      bindDue(select, now, skipEndpoints, max);
      try (ResultSet result = select.executeQuery()) {
        while (result.next()) {
          locked.add(new Locked(result.getString(1), result.getString(2), result.getInt(3),
              SqlValues.instant(result, 4), Objects.requireNonNull(SqlValues.instant(result, 5)),
              result.getString(6)));
        }
      }
    }
    if (locked.isEmpty()) {
      return List.of();
    }
    try (PreparedStatement lease = connection.prepareStatement("UPDATE " + deliveries
        + " SET lease_owner = ?, lease_expiry = ?, visible_at = ?"
        + " WHERE message_id = ? AND endpoint_id = ?")) {
      for (Locked row : locked) {
        lease.setString(1, owner);
        lease.setObject(2, expiry);
        lease.setObject(3, expiry);
        lease.setString(4, row.messageId());
        lease.setString(5, row.endpointId());
        lease.addBatch();
      }
      lease.executeBatch();
    }
    Map<String, WebhookMessage> bodies = messages(connection,
        locked.stream().map(Locked::messageId).distinct().toList());
    List<PendingDelivery> claimed = new ArrayList<>(locked.size());
    for (Locked row : locked) {
      claimed.add(new PendingDelivery(bodies.get(row.messageId()), row.endpointId(),
          row.attempts(), row.firstAttemptAt(), row.due(), owner, expiry.toInstant(),
          row.orderingKey()));
    }
    return claimed;
  }

  /** A delivery row a claim locked, before its message is read. */
  private record Locked(String messageId, String endpointId, int attempts,
      @Nullable Instant firstAttemptAt, Instant due, @Nullable String orderingKey) {}

  /**
   * The rows and locking of a claim, from {@code FROM}, as {@code d}: due rows, earliest first,
   * skipping locked ones and busy endpoints, and ordered rows while another of their endpoint
   * and key was stored before them or is leased.
   */
  String lockingDue(Set<String> skipEndpoints) {
    String skip = skipEndpoints.isEmpty() ? "" : " AND d.endpoint_id NOT IN ("
        + String.join(", ", Collections.nCopies(skipEndpoints.size(), "?")) + ")";
    return " FROM " + deliveries + " d WHERE d.visible_at <= ?" + skip
        + " AND (d.ordering_key IS NULL OR NOT EXISTS (SELECT 1 FROM " + deliveries + " p"
        + " WHERE p.endpoint_id = d.endpoint_id AND p.ordering_key = d.ordering_key"
        + " AND p.visible_at IS NOT NULL AND p.seq <> d.seq"
        + " AND (p.seq < d.seq OR (p.lease_owner IS NOT NULL AND p.lease_expiry > ?))))"
        + " ORDER BY d.visible_at LIMIT ? FOR UPDATE SKIP LOCKED";
  }

  /** Binds {@link #lockingDue}'s parameters from the first; returns the next index. */
  static int bindDue(PreparedStatement statement, OffsetDateTime now, Set<String> skipEndpoints,
      int max) throws SQLException {
    int index = 1;
    statement.setObject(index++, now);
    for (String endpoint : skipEndpoints) {
      statement.setString(index++, endpoint);
    }
    statement.setObject(index++, now);
    statement.setInt(index++, max);
    return index;
  }

  /**
   * Reads a pending delivery of {@code message} from {@code endpoint_id, attempts,
   * first_attempt_at, due_at} starting at {@code column}, leased as given.
   */
  static PendingDelivery pending(WebhookMessage message, ResultSet result, int column,
      String owner, OffsetDateTime expiry) throws SQLException {
    return new PendingDelivery(message, result.getString(column), result.getInt(column + 1),
        SqlValues.instant(result, column + 2),
        Objects.requireNonNull(SqlValues.instant(result, column + 3)), owner, expiry.toInstant(),
        result.getString(column + 4));
  }

  /**
   * Whether each settlement {@link #settle} writes is one statement of its own, so the batch
   * may run in auto-commit mode: each settlement is then atomic by itself.
   */
  public boolean settlesInOneStatementEach() {
    return false;
  }

  /**
   * Writes settlements: attempts first, in one batch, then each delivery's new state while its
   * lease is held, in another. The caller runs both in one transaction.
   *
   * @return per settlement, whether the lease was held
   */
  public boolean[] settle(Connection connection, List<Settlement> settlements,
      OffsetDateTime now) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(insertAttempt())) {
      boolean any = false;
      for (Settlement settlement : settlements) {
        DeliveryAttempt attempt = settlement.attempt();
        if (attempt != null) {
          bindAttempt(insert, 1, attempt);
          insert.addBatch();
          any = true;
        }
      }
      if (any) {
        insert.executeBatch();
      }
    }
    try (PreparedStatement update = connection.prepareStatement("UPDATE " + deliveries
        + SETTLE + LEASE_HELD)) {
      for (Settlement settlement : settlements) {
        int next = bindSettlement(update, 1, settlement, now);
        bindLease(update, next, settlement.delivery());
        update.addBatch();
      }
      return SqlValues.held(update.executeBatch());
    }
  }

  /** The new state of a settled delivery; {@link #bindSettlement} binds it. */
  static final String SETTLE = " SET outcome = ?, finished_at = ?, due_at = ?, visible_at = ?,"
      + " attempts = ?, first_attempt_at = ?, lease_owner = NULL, lease_expiry = NULL";

  /** Binds {@link #SETTLE}'s six parameters from {@code from}; returns the next index. */
  static int bindSettlement(PreparedStatement statement, int from, Settlement settlement,
      OffsetDateTime now) throws SQLException {
    DeliveryOutcome outcome = settlement.outcome();
    OffsetDateTime due = SqlValues.utc(settlement.due());
    SqlValues.setText(statement, from, outcome == null ? null : outcome.name());
    SqlValues.setTime(statement, from + 1, outcome == null ? null : now);
    statement.setObject(from + 2, due);
    SqlValues.setTime(statement, from + 3, outcome == null ? due : null);
    statement.setInt(from + 4, settlement.attempts());
    SqlValues.setTime(statement, from + 5, SqlValues.utcOrNull(settlement.firstAttemptAt()));
    return from + 6;
  }

  /** Binds {@link #LEASE_HELD}'s four parameters from {@code from}. */
  static void bindLease(PreparedStatement statement, int from, PendingDelivery claimed)
      throws SQLException {
    statement.setString(from, claimed.messageId());
    statement.setString(from + 1, claimed.endpointId());
    SqlValues.setText(statement, from + 2, claimed.leaseOwner());
    SqlValues.setTime(statement, from + 3, SqlValues.utcOrNull(claimed.leaseExpiry()));
  }


  /** Reschedules a claimed delivery while its lease is held. */
  public boolean reschedule(Connection connection, PendingDelivery claimed, Instant due,
      int attemptCount, @Nullable Instant firstAttemptAt) throws SQLException {
    return settle(connection, List.of(new Settlement(claimed, null, due, attemptCount,
        firstAttemptAt, null)), SqlValues.utc(due))[0]; // "now" stamps finished deliveries only
  }

  /** Adds an attempt to the log of a stored message. */
  public void recordAttempt(Connection connection, DeliveryAttempt attempt) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + attempts
        + " (" + ATTEMPT_COLUMNS + ") SELECT ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE EXISTS"
        + " (SELECT 1 FROM " + messages + " WHERE id = ?)")) {
      bindAttempt(insert, 1, attempt);
      insert.setString(10, attempt.messageId());
      if (insert.executeUpdate() == 0) {
        throw new IllegalStateException("No message " + attempt.messageId() + " in the store");
      }
    } catch (SQLException e) {
      if (SqlErrors.isIntegrityViolation(e)) {
        // A database created by an earlier script still references the message.
        throw new IllegalStateException("No message " + attempt.messageId() + " in the store", e);
      }
      throw e;
    }
  }

  String insertAttempt() {
    return "INSERT INTO " + attempts + " (" + ATTEMPT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?,"
        + " ?, ?)";
  }

  /** Binds an attempt's nine columns, in {@code ATTEMPT_COLUMNS} order, from {@code from}. */
  static void bindAttempt(PreparedStatement statement, int from, DeliveryAttempt attempt)
      throws SQLException {
    statement.setString(from, attempt.messageId());
    statement.setString(from + 1, attempt.endpointId());
    statement.setInt(from + 2, attempt.attempt());
    statement.setObject(from + 3, SqlValues.utc(attempt.startedAt()));
    statement.setLong(from + 4, attempt.duration().toMillis());
    statement.setInt(from + 5, attempt.status());
    statement.setString(from + 6, HeaderLines.format(attempt.responseHeaders()));
    statement.setString(from + 7, attempt.responseBody());
    SqlValues.setText(statement, from + 8, attempt.error());
  }

  /** Where one delivery stands, or empty if there is no such delivery. */
  public Optional<DeliveryStatus> status(Connection connection, String messageId,
      String endpointId) throws SQLException {
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
            : new DeliveryStatus(DeliveryOutcome.valueOf(outcome), SqlValues.instant(result, 2)));
      }
    }
  }

  /** A message's deliveries and how each stands, in the order they were stored. */
  public Map<String, DeliveryStatus> statuses(Connection connection, String messageId)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement("SELECT endpoint_id, outcome,"
        + " finished_at FROM " + deliveries + " WHERE message_id = ? ORDER BY seq")) {
      select.setString(1, messageId);
      Map<String, DeliveryStatus> statuses = new LinkedHashMap<>();
      try (ResultSet result = select.executeQuery()) {
        while (result.next()) {
          String outcome = result.getString(2);
          statuses.put(result.getString(1), outcome == null ? DeliveryStatus.PENDING
              : new DeliveryStatus(DeliveryOutcome.valueOf(outcome), SqlValues.instant(result, 3)));
        }
      }
      return statuses;
    }
  }

  /** A stored message, or empty. */
  public Optional<WebhookMessage> message(Connection connection, String messageId)
      throws SQLException {
    return Optional.ofNullable(messages(connection, List.of(messageId)).get(messageId));
  }

  /** Stored messages by id; ids not stored are left out. */
  Map<String, WebhookMessage> messages(Connection connection, List<String> ids)
      throws SQLException {
    Map<String, WebhookMessage> found = new HashMap<>();
    try (PreparedStatement select = connection.prepareStatement("SELECT " + MessageRow.READ_COLUMNS
        + " FROM " + messages + " WHERE id IN ("
        + String.join(", ", Collections.nCopies(ids.size(), "?")) + ")")) {
      for (int i = 0; i < ids.size(); i++) {
        select.setString(i + 1, ids.get(i));
      }
      try (ResultSet result = select.executeQuery()) {
        while (result.next()) {
          WebhookMessage message = MessageRow.read(result, 1);
          found.put(message.id(), message);
        }
      }
    }
    return found;
  }

  /** A message's attempt log, in the order recorded. */
  public List<DeliveryAttempt> attempts(Connection connection, String messageId)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement("SELECT " + ATTEMPT_COLUMNS
        + " FROM " + attempts + " WHERE message_id = ? ORDER BY id")) {
      select.setString(1, messageId);
      List<DeliveryAttempt> log = new ArrayList<>();
      try (ResultSet result = select.executeQuery()) {
        while (result.next()) {
          log.add(attempt(result));
        }
      }
      return log;
    }
  }

  static DeliveryAttempt attempt(ResultSet result) throws SQLException {
    return new DeliveryAttempt(result.getString(1), result.getString(2), result.getInt(3),
        Objects.requireNonNull(SqlValues.instant(result, 4)), Duration.ofMillis(result.getLong(5)),
        result.getInt(6), HeaderLines.parse(result.getString(7)), result.getString(8),
        result.getString(9));
  }

  /** How many deliveries are pending. */
  public long pendingCount(Connection connection) throws SQLException {
    try (PreparedStatement count = connection.prepareStatement(
        "SELECT COUNT(*) FROM " + deliveries + " WHERE visible_at IS NOT NULL");
        ResultSet result = count.executeQuery()) {
      result.next();
      return result.getLong(1);
    }
  }

  /** When the earliest pending delivery becomes claimable. */
  public Optional<Instant> nextVisible(Connection connection) throws SQLException {
    return earliest(connection, "visible_at");
  }

  /** The earliest due time of a pending delivery. */
  public Optional<Instant> oldestDue(Connection connection) throws SQLException {
    return earliest(connection, "due_at");
  }

  private Optional<Instant> earliest(Connection connection, String column) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement("SELECT MIN(" + column + ") FROM "
        + deliveries + " WHERE visible_at IS NOT NULL");
        ResultSet result = select.executeQuery()) {
      result.next();
      return Optional.ofNullable(SqlValues.instant(result, 1));
    }
  }

  /** Makes a message's finished deliveries pending again; returns their endpoints. */
  public List<String> redeliver(Connection connection, String messageId, OffsetDateTime due)
      throws SQLException {
    return reopen(connection, " WHERE message_id = ? AND outcome IS NOT NULL", due, 2,
        messageId);
  }

  /**
   * Makes an endpoint's failed deliveries of messages created since a time pending again;
   * returns their messages.
   */
  public List<String> redeliverFailed(Connection connection, String endpointId,
      OffsetDateTime since, OffsetDateTime due) throws SQLException {
    // visible_at IS NULL (finished) lets PostgreSQL use its partial index on finished rows.
    return reopen(connection, " WHERE endpoint_id = ? AND visible_at IS NULL"
        + " AND outcome IS NOT NULL AND outcome <> 'DELIVERED'"
        + " AND message_id IN (SELECT id FROM " + messages + " WHERE created_at >= ?)", due, 1,
        endpointId, since);
  }

  /**
   * Reopens the deliveries {@code where} selects, locking them first.
   *
   * @param column which key to return: 1 the message, 2 the endpoint
   */
  private List<String> reopen(Connection connection, String where, OffsetDateTime due,
      int column, Object... parameters) throws SQLException {
    List<String[]> keys = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT message_id, endpoint_id FROM " + deliveries + where + " FOR UPDATE")) {
      for (int i = 0; i < parameters.length; i++) {
        select.setObject(i + 1, parameters[i]);
      }
      try (ResultSet result = select.executeQuery()) {
        while (result.next()) {
          keys.add(new String[] {result.getString(1), result.getString(2)});
        }
      }
    }
    try (PreparedStatement update = connection.prepareStatement("UPDATE " + deliveries + REOPEN
        + " WHERE message_id = ? AND endpoint_id = ?")) {
      for (String[] key : keys) {
        bindReopen(update, due, due, null, null);
        update.setString(5, key[0]);
        update.setString(6, key[1]);
        update.addBatch();
      }
      if (!keys.isEmpty()) {
        update.executeBatch();
      }
    }
    List<String> reopened = new ArrayList<>(keys.size());
    keys.forEach(key -> reopened.add(key[column - 1]));
    return reopened;
  }

  /**
   * Deletes messages stored before a time whose deliveries have all finished, with their
   * deliveries and attempt log; here in three statements, attempts and deliveries first.
   *
   * @return how many messages were deleted
   */
  public int purge(Connection connection, OffsetDateTime storedBefore) throws SQLException {
    String finished = "SELECT id FROM " + messages + " m WHERE stored_at < ? AND NOT EXISTS"
        + " (SELECT 1 FROM " + deliveries + " d WHERE d.message_id = m.id AND d.outcome IS NULL)";
    for (String table : List.of(attempts, deliveries)) {
      try (PreparedStatement delete = connection.prepareStatement(
          "DELETE FROM " + table + " WHERE message_id IN (" + finished + ")")) {
        delete.setObject(1, storedBefore);
        delete.executeUpdate();
      }
    }
    try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + messages
        + " WHERE id IN (" + finished + ")")) {
      delete.setObject(1, storedBefore);
      return delete.executeUpdate();
    }
  }

  /** Endpoint ids stored anywhere that contain one of {@code ?}, {@code @} or {@code #}. */
  public Set<String> urlLikeEndpointIds(Connection connection) throws SQLException {
    Set<String> ids = new LinkedHashSet<>();
    for (String table : List.of(deliveries, attempts, endpoints)) {
      try (PreparedStatement select = connection.prepareStatement("SELECT DISTINCT endpoint_id"
          + " FROM " + table + " WHERE endpoint_id LIKE '%?%' OR endpoint_id LIKE '%@%'"
          + " OR endpoint_id LIKE '%#%'");
          ResultSet result = select.executeQuery()) {
        while (result.next()) {
          ids.add(result.getString(1));
        }
      }
    }
    return ids;
  }

  /** Renames endpoint ids everywhere they are stored. */
  public void renameEndpoints(Connection connection, Map<String, String> renames)
      throws SQLException {
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
  }
}
