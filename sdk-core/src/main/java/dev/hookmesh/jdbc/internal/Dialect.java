package dev.hookmesh.jdbc.internal;

import dev.hookmesh.jdbc.JdbcDatabase;
import org.jspecify.annotations.Nullable;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/**
 * One database's SQL: every store reaches its statements through its dialect. What all of them
 * run as written is in the portable classes ({@link DeliverySql}, {@link InboxSql},
 * {@link RegistrySql}, {@link MessageLogSql}, {@link ReplayGuardSql}, {@link EndpointStateSql});
 * a dialect overrides only what its database writes otherwise. Another database is another
 * constant here, its overrides, and its schema script.
 */
public enum Dialect {

  /** PostgreSQL 12 and later: upserts with {@code ON CONFLICT}, safe under concurrency. */
  POSTGRESQL(JdbcDatabase.POSTGRESQL) {
    @Override
    String upsertSeen(String table) {
      return "INSERT INTO " + table + " (endpoint, message_id, expires_at) VALUES (?, ?, ?) "
          + "ON CONFLICT (endpoint, message_id) DO UPDATE SET expires_at = EXCLUDED.expires_at";
    }

    @Override
    String upsertEndpointState(String table) {
      return "INSERT INTO " + table + " (endpoint_id, gone, disabled, failing_since, updated_at)"
          + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (endpoint_id) DO UPDATE SET"
          + " gone = EXCLUDED.gone, disabled = EXCLUDED.disabled,"
          + " failing_since = EXCLUDED.failing_since, updated_at = EXCLUDED.updated_at";
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

  /**
   * MariaDB 10.6 and later: {@code FOR UPDATE SKIP LOCKED}, upserts with
   * {@code ON DUPLICATE KEY UPDATE}, and {@code DATETIME} columns read and written as UTC.
   */
  MARIADB(JdbcDatabase.MARIADB) {
    @Override
    String upsertSeen(String table) {
      return "INSERT INTO " + table + " (endpoint, message_id, expires_at) VALUES (?, ?, ?) "
          + "ON DUPLICATE KEY UPDATE expires_at = VALUES(expires_at)";
    }

    @Override
    String upsertEndpointState(String table) {
      return "INSERT INTO " + table + " (endpoint_id, gone, disabled, failing_since,"
          + " updated_at) VALUES (?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE gone = VALUES(gone),"
          + " disabled = VALUES(disabled), failing_since = VALUES(failing_since),"
          + " updated_at = VALUES(updated_at)";
    }

    @Override
    public DeliverySql deliverySql(String tablePrefix) {
      return new MariaDbDeliverySql(tablePrefix);
    }

    @Override
    public InboxSql inboxSql(String tablePrefix) {
      return new InboxSql(tablePrefix);
    }

    /**
     * Times as UTC, and the store's own transactions in READ COMMITTED. Under InnoDB's default
     * REPEATABLE READ a locking read or an update that finds no row takes a gap lock, and two
     * sends inserting into the same gap then deadlock (seen when a send tried to reopen a
     * delivery before inserting it); READ COMMITTED takes no such locks, for one statement more
     * per transaction.
     */
    @Override
    public UnitOfWork work(UnitOfWork work) {
      return work.forDialect(UtcDateTimes::view,
          "SET TRANSACTION ISOLATION LEVEL READ COMMITTED");
    }
  },

  /** H2 2.x, for development and tests: one writer at a time is assumed. */
  H2(JdbcDatabase.H2) {
    @Override
    String upsertSeen(String table) {
      return "MERGE INTO " + table + " (endpoint, message_id, expires_at) "
          + "KEY (endpoint, message_id) VALUES (?, ?, ?)";
    }

    @Override
    String upsertEndpointState(String table) {
      return "MERGE INTO " + table + " (endpoint_id, gone, disabled, failing_since, updated_at)"
          + " KEY (endpoint_id) VALUES (?, ?, ?, ?, ?)";
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

  private final JdbcDatabase database;

  Dialect(JdbcDatabase database) {
    this.database = database;
  }

  /** Insert a seen message id, or extend its expiry. */
  abstract String upsertSeen(String table);

  /** Insert an endpoint's state, or replace it: id, gone, disabled, failing since, updated at. */
  abstract String upsertEndpointState(String table);

  /** The statements of endpoints' remembered state for tables under a prefix. */
  public EndpointStateSql endpointStateSql(String tablePrefix) {
    return new EndpointStateSql(tablePrefix, this::upsertEndpointState);
  }

  /** The replay guard's statements for tables under a prefix. */
  public ReplayGuardSql replayGuardSql(String tablePrefix) {
    return new ReplayGuardSql(tablePrefix, this::upsertSeen);
  }

  /** The platform registry's statements for tables under a prefix; portable on every database. */
  public RegistrySql registrySql(String tablePrefix) {
    return new RegistrySql(tablePrefix);
  }

  /** The message log's queries for tables under a prefix; portable on every database. */
  public MessageLogSql messageLogSql(String tablePrefix) {
    return new MessageLogSql(tablePrefix);
  }

  /** The delivery store's statements for tables under a prefix. */
  public abstract DeliverySql deliverySql(String tablePrefix);

  /** The inbox store's statements for tables under a prefix. */
  public abstract InboxSql inboxSql(String tablePrefix);

  /**
   * How the stores' work sees this database's connections: as they are, unless its types need
   * a view.
   */
  public UnitOfWork work(UnitOfWork work) {
    return work;
  }

  /** The database this dialect speaks to. */
  public JdbcDatabase database() {
    return database;
  }

  /**
   * The dialect of a database named in configuration.
   *
   * @param database the database
   * @return its dialect
   */
  public static Dialect of(JdbcDatabase database) {
    for (Dialect dialect : values()) {
      if (dialect.database == database) {
        return dialect;
      }
    }
    throw new IllegalArgumentException("No dialect for " + database);
  }

  /**
   * The dialect named, or else detected on a connection of the unit of work.
   *
   * @param named the database configuration names, or {@code null} to detect it
   * @param work where to detect it
   * @return the dialect
   */
  public static Dialect of(@Nullable JdbcDatabase named, UnitOfWork work) {
    return named != null ? of(named) : work.runStatement("detect the database", Dialect::of);
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
    if (name.contains("mariadb")) {
      return MARIADB;
    }
    if (name.contains("mysql")) {
      throw new IllegalArgumentException("Hookmesh's JDBC stores run on MariaDB 10.6+, not yet"
          + " on MySQL (" + connection.getMetaData().getDatabaseProductVersion() + "): MySQL"
          + " lacks the idempotent schema statements and has not been tested; use MariaDB,"
          + " PostgreSQL, or the in-memory stores");
    }
    throw new IllegalArgumentException("Hookmesh's JDBC stores run on PostgreSQL, MariaDB and"
        + " H2, not on " + product + ": use one of those for the queue, the inbox and the"
        + " registry, or keep them in memory (hookmesh.sender.store=memory and the like)");
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
