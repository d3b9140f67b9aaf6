package dev.hookmesh.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.function.UnaryOperator;

/**
 * The replay guard's statements: a look-up and a purge every database runs as written, and the
 * upsert of a seen id, which each {@link Dialect} writes its own way.
 */
public final class ReplayGuardSql {

  private final String table;
  private final String select;
  private final String upsert;
  private final String purge;

  /**
   * The statements for the table under a prefix.
   *
   * @param tablePrefix a prefix {@link TableNames#checkPrefix} accepted
   * @param upsert the dialect's upsert, given the table's name
   */
  ReplayGuardSql(String tablePrefix, UnaryOperator<String> upsert) {
    this.table = tablePrefix + "seen";
    this.select = "SELECT 1 FROM " + table
        + " WHERE endpoint = ? AND message_id = ? AND expires_at > ?";
    this.upsert = upsert.apply(table);
    this.purge = "DELETE FROM " + table + " WHERE expires_at <= ?";
  }

  /** The table's name. */
  public String table() {
    return table;
  }

  /** Whether an endpoint's message id is remembered and not expired at {@code now}. */
  public boolean seen(Connection connection, String endpoint, String id, Instant now)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(select)) {
      bind(statement, endpoint, id, now);
      try (ResultSet row = statement.executeQuery()) {
        return row.next();
      }
    }
  }

  /** Remembers an endpoint's message id until {@code expiresAt}, or extends it. */
  public void markSeen(Connection connection, String endpoint, String id, Instant expiresAt)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(upsert)) {
      bind(statement, endpoint, id, expiresAt);
      statement.executeUpdate();
    }
  }

  /** Binds an endpoint's message id and a time, the first three parameters of both statements. */
  private static void bind(PreparedStatement statement, String endpoint, String id, Instant time)
      throws SQLException {
    statement.setString(1, endpoint);
    statement.setString(2, id);
    statement.setObject(3, utc(time));
  }

  /** Deletes the ids expired at {@code now}; returns how many. */
  public int purge(Connection connection, Instant now) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(purge)) {
      statement.setObject(1, utc(now));
      return statement.executeUpdate();
    }
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
