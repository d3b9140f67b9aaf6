package dev.hookmesh.jdbc.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;

/** The SQL that differs between the databases Hookmesh supports. */
public enum Dialect {

  /** PostgreSQL 12 and later. */
  POSTGRESQL("postgresql") {
    @Override
    public String upsertSeen(String table) {
      return "INSERT INTO " + table + " (endpoint, message_id, expires_at) VALUES (?, ?, ?) "
          + "ON CONFLICT (endpoint, message_id) DO UPDATE SET expires_at = EXCLUDED.expires_at";
    }
  },

  /** H2 2.x, for development and tests. */
  H2("h2") {
    @Override
    public String upsertSeen(String table) {
      return "MERGE INTO " + table + " (endpoint, message_id, expires_at) "
          + "KEY (endpoint, message_id) VALUES (?, ?, ?)";
    }
  };

  private final String scriptName;

  Dialect(String scriptName) {
    this.scriptName = scriptName;
  }

  /** Insert a seen message id, or extend its expiry. */
  public abstract String upsertSeen(String table);

  /** The name of the schema script for this database: {@code schema-<name>.sql}. */
  public String scriptName() {
    return "schema-" + scriptName + ".sql";
  }

  /**
   * The dialect of the database behind a data source.
   *
   * @throws IllegalArgumentException for a database Hookmesh does not support
   */
  public static Dialect of(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection()) {
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
    } catch (SQLException e) {
      throw new JdbcFailure("Could not connect to the database to detect its dialect", e);
    }
  }
}
