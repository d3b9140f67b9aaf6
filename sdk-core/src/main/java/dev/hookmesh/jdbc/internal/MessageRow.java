package dev.hookmesh.jdbc.internal;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;

/** The columns of a message row, in insert order. */
public record MessageRow(
    String id, String eventType, String contentType, byte[] body, OffsetDateTime createdAt,
    OffsetDateTime storedAt) {

  /** Binds the six columns to parameters 1 to 6. */
  void bind(PreparedStatement statement) throws SQLException {
    statement.setString(1, id);
    statement.setString(2, eventType);
    statement.setString(3, contentType);
    statement.setBytes(4, body);
    statement.setObject(5, createdAt);
    statement.setObject(6, storedAt);
  }
}
