package dev.hookmesh.jdbc.internal;

import dev.hookmesh.delivery.DeliveryAttempt;
import dev.hookmesh.delivery.MessageCursor;
import dev.hookmesh.delivery.MessageQuery;
import dev.hookmesh.delivery.StoredMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The reading side of the delivery log, for management and catching up: an application's
 * messages a page at a time, on the {@code (application_id, stored_at)} index, and an
 * endpoint's recent attempts, through its finished deliveries. Nothing on the sending path
 * runs these.
 */
public final class MessageLogSql {

  private final String messages;
  private final String deliveries;
  private final String attempts;

  /**
   * Creates the statements for tables under a prefix.
   *
   * @param tablePrefix a prefix {@link TableNames#checkPrefix} accepted
   */
  public MessageLogSql(String tablePrefix) {
    this.messages = tablePrefix + "message";
    this.deliveries = tablePrefix + "delivery";
    this.attempts = tablePrefix + "attempt";
  }

  /** A page of an application's messages, in the query's order. */
  public List<StoredMessage> messages(Connection connection, MessageQuery query)
      throws SQLException {
    String order = query.ascending() ? "ASC" : "DESC";
    StringBuilder sql = new StringBuilder("SELECT " + MessageRow.READ_COLUMNS
        + ", stored_at FROM " + messages + " WHERE application_id = ?");
    List<Object> values = new ArrayList<>();
    values.add(query.applicationId());
    if (query.eventType() != null) {
      sql.append(" AND event_type = ?");
      values.add(query.eventType());
    }
    if (query.from() != null) {
      sql.append(" AND stored_at >= ?");
      values.add(query.from());
    }
    if (query.to() != null) {
      sql.append(" AND stored_at < ?");
      values.add(query.to());
    }
    MessageCursor after = query.after();
    if (after != null) {
      String past = query.ascending() ? ">" : "<";
      sql.append(" AND (stored_at ").append(past).append(" ? OR (stored_at = ? AND id ")
          .append(past).append(" ?))");
      values.add(after.storedAt());
      values.add(after.storedAt());
      values.add(after.messageId());
    }
    sql.append(" ORDER BY stored_at ").append(order).append(", id ").append(order)
        .append(" LIMIT ?");
    values.add(query.limit());
    try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
      for (int i = 0; i < values.size(); i++) {
        Object value = values.get(i);
        if (value instanceof Instant instant) {
          select.setObject(i + 1, SqlValues.utc(instant));
        } else {
          select.setObject(i + 1, value);
        }
      }
      List<StoredMessage> page = new ArrayList<>();
      try (ResultSet result = select.executeQuery()) {
        while (result.next()) {
          page.add(new StoredMessage(MessageRow.read(result, 1), Objects.requireNonNull(
              SqlValues.instant(result, 1 + MessageRow.READ_COUNT))));
        }
      }
      return page;
    }
  }

  /** The attempts of an endpoint's deliveries that finished since a time, newest first. */
  public List<DeliveryAttempt> recentAttempts(Connection connection, String endpointId,
      Instant since, int limit) throws SQLException {
    StringBuilder columns = new StringBuilder();
    for (String column : DeliverySql.ATTEMPT_COLUMNS.split(",")) {
      columns.append(columns.length() == 0 ? "" : ", ").append("a.").append(column.strip());
    }
    try (PreparedStatement select = connection.prepareStatement("SELECT " + columns + " FROM "
        + deliveries + " d JOIN " + attempts + " a ON a.message_id = d.message_id"
        + " AND a.endpoint_id = d.endpoint_id WHERE d.endpoint_id = ? AND d.visible_at IS NULL"
        + " AND d.finished_at >= ? AND a.started_at >= ? ORDER BY a.started_at DESC LIMIT ?")) {
      select.setString(1, endpointId);
      select.setObject(2, SqlValues.utc(since));
      select.setObject(3, SqlValues.utc(since));
      select.setInt(4, limit);
      List<DeliveryAttempt> found = new ArrayList<>();
      try (ResultSet result = select.executeQuery()) {
        while (result.next()) {
          found.add(DeliverySql.attempt(result));
        }
      }
      return found;
    }
  }
}
