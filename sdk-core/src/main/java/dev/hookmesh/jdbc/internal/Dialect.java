package dev.hookmesh.jdbc.internal;

import java.sql.Connection;
import java.sql.SQLException;
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
    public DeliverySql deliverySql(String tablePrefix) {
      return new PostgresDeliverySql(tablePrefix);
    }

    @Override
    public InboxSql inboxSql(String tablePrefix) {
      return new PostgresInboxSql(tablePrefix);
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
    public DeliverySql deliverySql(String tablePrefix) {
      return new DeliverySql(tablePrefix);
    }

    @Override
    public InboxSql inboxSql(String tablePrefix) {
      return new InboxSql(tablePrefix);
    }
  };

  private final String scriptName;

  Dialect(String scriptName) {
    this.scriptName = scriptName;
  }

  /** Insert a seen message id, or extend its expiry. */
  public abstract String upsertSeen(String table);

  /** The delivery store's statements for tables under a prefix. */
  public abstract DeliverySql deliverySql(String tablePrefix);

  /** The inbox store's statements for tables under a prefix. */
  public abstract InboxSql inboxSql(String tablePrefix);

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
