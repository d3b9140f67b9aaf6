package dev.hookmesh.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Locale;

/** The SQL that differs between the databases Hookmesh supports. */
public enum Dialect {

  /** PostgreSQL 12 and later: upserts with {@code ON CONFLICT}, safe under concurrency. */
  POSTGRESQL("postgresql") {
    @Override
    public String upsertSeen(String table) {
      return "INSERT INTO " + table + " (endpoint, message_id, expires_at) VALUES (?, ?, ?) "
          + "ON CONFLICT (endpoint, message_id) DO UPDATE SET expires_at = EXCLUDED.expires_at";
    }

    @Override
    public String upsertEndpoint(String table) {
      return "INSERT INTO " + table + " (endpoint_id, gone, disabled, failing_since, updated_at)"
          + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (endpoint_id) DO UPDATE SET"
          + " gone = EXCLUDED.gone, disabled = EXCLUDED.disabled,"
          + " failing_since = EXCLUDED.failing_since, updated_at = EXCLUDED.updated_at";
    }

    @Override
    public void insertMessageIfAbsent(Connection connection, String table, MessageRow row)
        throws SQLException {
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table
          + " (id, event_type, content_type, body, created_at, stored_at)"
          + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING")) {
        row.bind(insert);
        insert.executeUpdate();
      }
    }

    @Override
    public boolean enqueueDelivery(Connection connection, String table, String messageId,
        String endpointId, OffsetDateTime due) throws SQLException {
      try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO " + table
          + " AS d (message_id, endpoint_id, attempts, due_at, visible_at)"
          + " VALUES (?, ?, 0, ?, ?) ON CONFLICT (message_id, endpoint_id) DO UPDATE SET"
          + " attempts = 0, first_attempt_at = NULL, due_at = EXCLUDED.due_at,"
          + " visible_at = EXCLUDED.visible_at, lease_owner = NULL, lease_expiry = NULL,"
          + " outcome = NULL, finished_at = NULL WHERE d.outcome IS NOT NULL")) {
        upsert.setString(1, messageId);
        upsert.setString(2, endpointId);
        upsert.setObject(3, due);
        upsert.setObject(4, due);
        return upsert.executeUpdate() == 1;
      }
    }
  },

  /** H2 2.x, for development and tests: one writer at a time is assumed. */
  H2("h2") {
    @Override
    public String upsertSeen(String table) {
      return "MERGE INTO " + table + " (endpoint, message_id, expires_at) "
          + "KEY (endpoint, message_id) VALUES (?, ?, ?)";
    }

    @Override
    public String upsertEndpoint(String table) {
      return "MERGE INTO " + table + " (endpoint_id, gone, disabled, failing_since, updated_at)"
          + " KEY (endpoint_id) VALUES (?, ?, ?, ?, ?)";
    }

    @Override
    public void insertMessageIfAbsent(Connection connection, String table, MessageRow row)
        throws SQLException {
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table
          + " (id, event_type, content_type, body, created_at, stored_at)"
          + " SELECT ?, ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM " + table
          + " WHERE id = ?)")) {
        row.bind(insert);
        insert.setString(7, row.id());
        insert.executeUpdate();
      }
    }

    @Override
    public boolean enqueueDelivery(Connection connection, String table, String messageId,
        String endpointId, OffsetDateTime due) throws SQLException {
      try (PreparedStatement reopen = connection.prepareStatement("UPDATE " + table
          + " SET attempts = 0, first_attempt_at = NULL, due_at = ?, visible_at = ?,"
          + " lease_owner = NULL, lease_expiry = NULL, outcome = NULL, finished_at = NULL"
          + " WHERE message_id = ? AND endpoint_id = ? AND outcome IS NOT NULL")) {
        reopen.setObject(1, due);
        reopen.setObject(2, due);
        reopen.setString(3, messageId);
        reopen.setString(4, endpointId);
        if (reopen.executeUpdate() == 1) {
          return true;
        }
      }
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table
          + " (message_id, endpoint_id, attempts, due_at, visible_at) SELECT ?, ?, 0, ?, ?"
          + " WHERE NOT EXISTS (SELECT 1 FROM " + table
          + " WHERE message_id = ? AND endpoint_id = ?)")) {
        insert.setString(1, messageId);
        insert.setString(2, endpointId);
        insert.setObject(3, due);
        insert.setObject(4, due);
        insert.setString(5, messageId);
        insert.setString(6, endpointId);
        return insert.executeUpdate() == 1;
      }
    }
  };

  private final String scriptName;

  Dialect(String scriptName) {
    this.scriptName = scriptName;
  }

  /** Insert a seen message id, or extend its expiry. */
  public abstract String upsertSeen(String table);

  /** Insert or replace an endpoint's state: id, gone, disabled, failing since, updated at. */
  public abstract String upsertEndpoint(String table);

  /** Stores a message unless one with its id is stored: the first body stays. */
  public abstract void insertMessageIfAbsent(Connection connection, String table, MessageRow row)
      throws SQLException;

  /**
   * Adds a pending delivery, or re-opens a finished one; leaves a pending one alone.
   *
   * @return whether a delivery was added or re-opened
   */
  public abstract boolean enqueueDelivery(Connection connection, String table, String messageId,
      String endpointId, OffsetDateTime due) throws SQLException;

  /** The name of the schema script for this database: {@code schema-<name>.sql}. */
  public String scriptName() {
    return "schema-" + scriptName + ".sql";
  }

  /**
   * The dialect of a connection's database.
   *
   * @throws IllegalArgumentException for a database Hookmesh does not support
   */
  public static Dialect of(Connection connection) throws SQLException {
    String product = connection.getMetaData().getDatabaseProductName();
    String name = product.toLowerCase(Locale.ROOT);
    if (name.contains("postgresql")) {
      return POSTGRESQL;
    }
    if (name.equals("h2")) {
      return H2;
    }
    throw new IllegalArgumentException(
        "Hookmesh's JDBC support covers PostgreSQL and H2, not " + product);
  }

  /**
   * The dialect of the database behind a data source.
   *
   * @throws IllegalArgumentException for a database Hookmesh does not support
   */
  public static Dialect of(javax.sql.DataSource dataSource) {
    try (Connection connection = dataSource.getConnection()) {
      return of(connection);
    } catch (SQLException e) {
      throw new JdbcFailure("Could not connect to the database to detect its dialect", e);
    }
  }
}
