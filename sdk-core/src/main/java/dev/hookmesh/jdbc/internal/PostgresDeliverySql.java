package dev.hookmesh.jdbc.internal;

import dev.hookmesh.WebhookMessage;
import dev.hookmesh.delivery.DeliveryAttempt;
import dev.hookmesh.delivery.DeliveryTarget;
import dev.hookmesh.delivery.PendingDelivery;
import dev.hookmesh.delivery.Settlement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The delivery store's hot path on PostgreSQL, one round trip each: storing a message with its
 * deliveries is one statement (so it runs in auto-commit mode), a claim locks, leases and reads
 * in one statement, and settling a batch is one pipelined batch of statements that each record
 * an attempt and move a delivery on.
 */
public final class PostgresDeliverySql extends DeliverySql {

  private final String enqueueOne;
  private final String enqueueMany;
  private final String settle;

  /**
   * The statements for tables under a prefix.
   *
   * @param tablePrefix a prefix {@link TableNames#checkPrefix} accepted
   */
  public PostgresDeliverySql(String tablePrefix) {
    super(tablePrefix);
    String message = "WITH m AS (INSERT INTO " + messages + " (" + MessageRow.INSERT_COLUMNS + ")"
        + " VALUES (" + MessageRow.PLACEHOLDERS + ") ON CONFLICT (id) DO NOTHING) INSERT INTO "
        + deliveries
        + " AS d (message_id, endpoint_id, attempts, due_at, visible_at, lease_owner,"
        + " lease_expiry, ordering_key) ";
    String reopen = " ON CONFLICT (message_id, endpoint_id) DO UPDATE SET "
        + reopenAssignments(column -> "EXCLUDED." + column)
        + ", ordering_key = EXCLUDED.ordering_key WHERE d.outcome IS NOT NULL"
        + " RETURNING d.endpoint_id";
    this.enqueueOne = message + "VALUES (?, ?, 0, ?, ?, ?, ?, ?)" + reopen;
    // An ordered delivery is never leased as it is stored: a claim takes it in its turn.
    this.enqueueMany = message + "SELECT ?, e.id, 0, CAST(? AS TIMESTAMPTZ),"
        + " CASE WHEN e.k IS NULL THEN CAST(? AS TIMESTAMPTZ) ELSE CAST(? AS TIMESTAMPTZ) END,"
        + " CASE WHEN e.k IS NULL THEN CAST(? AS VARCHAR) END,"
        + " CASE WHEN e.k IS NULL THEN CAST(? AS TIMESTAMPTZ) END, e.k"
        + " FROM unnest(CAST(? AS VARCHAR[]), CAST(? AS VARCHAR[])) AS e(id, k)" + reopen;
    // The attempt is recorded whether or not the lease is still held: it was made.
    this.settle = "WITH logged AS (INSERT INTO " + attempts + " (message_id, endpoint_id, attempt,"
        + " started_at, duration_ms, status, response_headers, response_body, error)"
        + " SELECT CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS INTEGER),"
        + " CAST(? AS TIMESTAMPTZ), CAST(? AS BIGINT), CAST(? AS INTEGER), CAST(? AS TEXT),"
        + " CAST(? AS TEXT), CAST(? AS TEXT) WHERE CAST(? AS BOOLEAN)) UPDATE " + deliveries
        + SETTLE + " WHERE message_id = ? AND endpoint_id = ? AND outcome IS NULL"
        + " AND lease_owner = ? AND lease_expiry = ?";
  }

  @Override
  public boolean enqueueIsOneStatement(int endpointCount) {
    return true;
  }

  @Override
  public List<DeliveryTarget> enqueue(Connection connection, MessageRow message,
      Collection<DeliveryTarget> targets, OffsetDateTime due, @Nullable String leaseOwner,
      @Nullable OffsetDateTime leaseExpiry) throws SQLException {
    boolean one = targets.size() == 1;
    try (PreparedStatement insert = connection.prepareStatement(one ? enqueueOne : enqueueMany)) {
      message.bind(insert);
      insert.setString(MessageRow.COLUMNS + 1, message.id());
      int next = MessageRow.COLUMNS + 2;
      if (one) {
        DeliveryTarget target = targets.iterator().next();
        boolean leased = leaseOwner != null && !target.ordered();
        insert.setString(next++, target.endpointId());
        insert.setObject(next++, due);
        SqlValues.setTime(insert, next++, leased ? leaseExpiry : due);
        SqlValues.setText(insert, next++, leased ? leaseOwner : null);
        SqlValues.setTime(insert, next++, leased ? leaseExpiry : null);
        SqlValues.setText(insert, next, target.orderingKey());
      } else {
        insert.setObject(next++, due);
        SqlValues.setTime(insert, next++, leaseOwner != null ? leaseExpiry : due);
        insert.setObject(next++, due);
        SqlValues.setText(insert, next++, leaseOwner);
        SqlValues.setTime(insert, next++, leaseExpiry);
        Object[] ids = new Object[targets.size()];
        Object[] keys = new Object[targets.size()];
        int i = 0;
        for (DeliveryTarget target : targets) {
          ids[i] = target.endpointId();
          keys[i++] = target.orderingKey();
        }
        insert.setArray(next++, connection.createArrayOf("varchar", ids));
        insert.setArray(next, connection.createArrayOf("varchar", keys));
      }
      Map<String, DeliveryTarget> byEndpoint = new HashMap<>();
      targets.forEach(target -> byEndpoint.put(target.endpointId(), target));
      List<DeliveryTarget> added = new ArrayList<>(targets.size());
      try (ResultSet result = insert.executeQuery()) {
        while (result.next()) {
          added.add(byEndpoint.get(result.getString(1)));
        }
      }
      return added;
    }
  }

  /** Locks the due rows, leases them and reads them with their messages in one statement. */
  @Override
  public List<PendingDelivery> claim(Connection connection, OffsetDateTime now, int max,
      Set<String> skipEndpoints, String owner, OffsetDateTime expiry) throws SQLException {
    String sql = "WITH due AS (SELECT d.message_id, d.endpoint_id, d.visible_at"
        + lockingDue(skipEndpoints) + ") UPDATE " + deliveries + " AS d"
        + " SET lease_owner = ?, lease_expiry = ?, visible_at = ?"
        + " FROM due JOIN " + messages + " AS m ON m.id = due.message_id"
        + " WHERE d.message_id = due.message_id AND d.endpoint_id = due.endpoint_id"
        + " RETURNING m." + MessageRow.READ_COLUMNS.replace(", ", ", m.") + ", d.endpoint_id,"
        + " d.attempts, d.first_attempt_at, d.due_at, d.ordering_key, due.visible_at";
    try (PreparedStatement claim = connection.prepareStatement(sql)) {
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
            message = MessageRow.read(result, 1);
            byId.put(message.id(), message);
          }
          int after = 1 + MessageRow.READ_COUNT;
          rows.add(new Claimed(Objects.requireNonNull(SqlValues.instant(result, after + 5)),
              pending(message, result, after, owner, expiry)));
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

  @Override
  public boolean settlesInOneStatementEach() {
    return true;
  }

  /** One statement per settlement, all sent in one batch: one round trip for the lot. */
  @Override
  public boolean[] settle(Connection connection, List<Settlement> settlements,
      OffsetDateTime now) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(settle)) {
      for (Settlement settlement : settlements) {
        DeliveryAttempt attempt = settlement.attempt();
        if (attempt != null) {
          bindAttempt(statement, 1, attempt);
        } else {
          bindNoAttempt(statement);
        }
        statement.setBoolean(10, attempt != null);
        int next = bindSettlement(statement, 11, settlement, now);
        bindLease(statement, next, settlement.delivery());
        statement.addBatch();
      }
      return SqlValues.held(statement.executeBatch());
    }
  }

  // Typed as bindAttempt types them, so every row of a batch has the same parameter types and
  // the driver sends the batch as one.
  private static void bindNoAttempt(PreparedStatement statement) throws SQLException {
    statement.setNull(1, Types.VARCHAR);
    statement.setNull(2, Types.VARCHAR);
    statement.setNull(3, Types.INTEGER);
    statement.setNull(4, Types.TIMESTAMP_WITH_TIMEZONE);
    statement.setNull(5, Types.BIGINT);
    statement.setNull(6, Types.INTEGER);
    statement.setNull(7, Types.VARCHAR);
    statement.setNull(8, Types.VARCHAR);
    statement.setNull(9, Types.VARCHAR);
  }

  /** Deletes the finished messages with their deliveries and attempts, in one statement. */
  @Override
  public int purge(Connection connection, OffsetDateTime storedBefore) throws SQLException {
    try (PreparedStatement purge = connection.prepareStatement("WITH gone AS (DELETE FROM "
        + messages + " m WHERE stored_at < ? AND NOT EXISTS (SELECT 1 FROM " + deliveries
        + " d WHERE d.message_id = m.id AND d.outcome IS NULL) RETURNING id),"
        + " deliveries AS (DELETE FROM " + deliveries + " WHERE message_id IN"
        + " (SELECT id FROM gone)), logged AS (DELETE FROM " + attempts
        + " WHERE message_id IN (SELECT id FROM gone)) SELECT COUNT(*) FROM gone")) {
      purge.setObject(1, storedBefore);
      try (ResultSet result = purge.executeQuery()) {
        result.next();
        return result.getInt(1);
      }
    }
  }
}
