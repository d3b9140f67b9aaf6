package dev.hookmesh.jdbc.internal;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Collections;
import org.jspecify.annotations.Nullable;

/**
 * The columns of a message row, in insert order: {@link DeliverySql#MESSAGE_COLUMNS}, then
 * {@code stored_at}. The trace context is stored as {@link HeaderLines}, or null for none.
 */
public record MessageRow(
    String id, String eventType, String contentType, byte[] body, OffsetDateTime createdAt,
    @Nullable String application, @Nullable String traceContext, OffsetDateTime storedAt) {

  /** How many parameters {@link #bind} binds. */
  static final int COLUMNS = 8;

  /** The insert's parameters, one per column. */
  static final String PLACEHOLDERS = String.join(", ", Collections.nCopies(COLUMNS, "?"));

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
}
