package dev.hookmesh.jdbc.internal;

import dev.hookmesh.TraceContext;
import dev.hookmesh.WebhookMessage;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A message row, the one home of its columns: what an insert binds ({@link #bind}, in
 * {@link #INSERT_COLUMNS} order) and what every reader takes back ({@link #read}, from
 * {@link #READ_COLUMNS}). The trace context is stored as {@link HeaderLines}, or null for none.
 */
public record MessageRow(
    String id, String eventType, String contentType, byte[] body, OffsetDateTime createdAt,
    @Nullable String application, @Nullable String traceContext, OffsetDateTime storedAt) {

  /** The columns every message reader takes, in {@link #read} order. */
  static final String READ_COLUMNS =
      "id, event_type, content_type, body, created_at, application_id, trace_context";
  /** How many columns {@link #read} reads. */
  static final int READ_COUNT = 7;
  /** The columns an insert writes, in {@link #bind} order. */
  static final String INSERT_COLUMNS = READ_COLUMNS + ", stored_at";
  /** How many parameters {@link #bind} binds. */
  static final int COLUMNS = READ_COUNT + 1;
  /** The insert's parameters, one per column. */
  static final String PLACEHOLDERS = String.join(", ", Collections.nCopies(COLUMNS, "?"));

  /**
   * The row of a message.
   *
   * @param message the message, encoded
   * @param storedAt when it is stored
   * @return the row
   * @throws IllegalArgumentException if the payload is not encoded
   */
  public static MessageRow of(WebhookMessage message, Instant storedAt) {
    if (!message.isEncoded()) {
      throw new IllegalArgumentException("Encode the message's payload before storing it");
    }
    return new MessageRow(message.id(), message.eventType(), message.contentType(),
        message.body(), SqlValues.utc(message.createdAt()), message.application(),
        lines(message.traceContext()), SqlValues.utc(storedAt));
  }

  /** Binds the columns to parameters 1 to {@value #COLUMNS}. */
  void bind(PreparedStatement statement) throws SQLException {
    statement.setString(1, id);
    statement.setString(2, eventType);
    statement.setString(3, contentType);
    statement.setBytes(4, body);
    statement.setObject(5, createdAt);
    SqlValues.setText(statement, 6, application);
    SqlValues.setText(statement, 7, traceContext);
    statement.setObject(8, storedAt);
  }

  /** Reads a message from {@link #READ_COLUMNS} starting at {@code column}. */
  static WebhookMessage read(ResultSet result, int column) throws SQLException {
    return WebhookMessage.builder(result.getString(column + 1))
        .id(result.getString(column))
        .body(result.getBytes(column + 3), result.getString(column + 2))
        .createdAt(Objects.requireNonNull(SqlValues.instant(result, column + 4)))
        .application(result.getString(column + 5))
        .traceContext(traceContext(result.getString(column + 6)))
        .build();
  }

  private static @Nullable String lines(TraceContext context) {
    if (context.isEmpty()) {
      return null;
    }
    Map<String, List<String>> lines = new LinkedHashMap<>();
    context.fields().forEach((name, value) -> lines.put(name, List.of(value)));
    return HeaderLines.format(lines);
  }

  /** Reads a stored trace context; one that no longer parses is dropped, not a failed read. */
  private static TraceContext traceContext(@Nullable String lines) {
    if (lines == null || lines.isEmpty()) {
      return TraceContext.NONE;
    }
    Map<String, String> fields = new LinkedHashMap<>();
    HeaderLines.parse(lines).forEach((name, values) -> fields.put(name, values.get(0)));
    return TraceContext.fitting(fields);
  }
}
