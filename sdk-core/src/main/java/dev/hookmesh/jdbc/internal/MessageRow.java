package dev.hookmesh.jdbc.internal;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import org.jspecify.annotations.Nullable;

/** The columns of a message row, in insert order. */
public record MessageRow(
    String id, String eventType, String contentType, byte[] body, OffsetDateTime createdAt,
    @Nullable String application, OffsetDateTime storedAt) {

  /** How many parameters {@link #bind} binds. */
  static final int COLUMNS = 7;

  /** Binds the columns to parameters 1 to {@value #COLUMNS}. */
  void bind(PreparedStatement statement) throws SQLException {
    statement.setString(1, id);
    statement.setString(2, eventType);
    statement.setString(3, contentType);
    statement.setBytes(4, body);
    statement.setObject(5, createdAt);
    SqlValues.setText(statement, 6, application);
    statement.setObject(7, storedAt);
  }
}
