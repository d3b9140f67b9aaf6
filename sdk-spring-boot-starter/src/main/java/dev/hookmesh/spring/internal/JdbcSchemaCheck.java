package dev.hookmesh.spring.internal;

import dev.hookmesh.jdbc.JdbcDatabase;
import dev.hookmesh.jdbc.JdbcSchema;
import dev.hookmesh.spring.HookmeshJdbcProperties;
import dev.hookmesh.spring.HookmeshJdbcProperties.SchemaInitialization;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * Creates Hookmesh's tables when configured to, then makes sure that the tables of each part in
 * use are there, so that a missing migration fails start-up with instructions instead of the
 * first webhook at run time. A part kept in memory needs no table.
 */
public final class JdbcSchemaCheck {

  private final DataSource dataSource;
  private final String tablePrefix;
  private final JdbcDatabase database;

  private JdbcSchemaCheck(DataSource dataSource, String tablePrefix, JdbcDatabase database) {
    this.dataSource = dataSource;
    this.tablePrefix = tablePrefix;
    this.database = database;
  }

  /**
   * Initialises the schema as configured.
   *
   * @param dataSource the application's data source
   * @param properties the {@code hookmesh.jdbc} settings
   * @return the check, for the parts in use to run
   */
  public static JdbcSchemaCheck run(DataSource dataSource, HookmeshJdbcProperties properties) {
    String prefix = properties.tablePrefix();
    JdbcDatabase database = properties.database() != null ? properties.database()
        : detect(dataSource);
    SchemaInitialization mode = properties.initializeSchema();
    if (mode == SchemaInitialization.ALWAYS
        || (mode == SchemaInitialization.EMBEDDED && database == JdbcDatabase.H2)) {
      JdbcSchema.create(dataSource, prefix, database);
    }
    return new JdbcSchemaCheck(dataSource, prefix, database);
  }

  /** The database of the data source; one the stores do not run on fails start-up here. */
  private static JdbcDatabase detect(DataSource dataSource) {
    try {
      return JdbcDatabase.of(dataSource);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(e.getMessage() + " (hookmesh.jdbc.database names the"
          + " database when a wrapping driver reports another product)", e);
    }
  }

  /** The database the stores were found to be on. */
  public JdbcDatabase database() {
    return database;
  }

  /**
   * Makes sure the sender's queue tables are there.
   *
   * @throws IllegalStateException if they are missing, saying how to create them
   */
  public void requireSender() {
    require("The sender's tables (" + tablePrefix + "message, " + tablePrefix + "delivery, "
        + tablePrefix + "attempt, " + tablePrefix + "endpoint) are", "delivery", "endpoint");
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.executeQuery("SELECT trace_context FROM " + tablePrefix + "message WHERE 1 = 0")
          .close();
    } catch (SQLException e) {
      throw new IllegalStateException("The sender's table " + tablePrefix + "message is from an"
          + " earlier version and lacks the trace_context column: run " + database.schemaScript()
          + " from the hookmesh-core jar again (its ALTER TABLE ... ADD COLUMN IF NOT EXISTS adds"
          + " it, and every other statement in it can be run again), or set"
          + " hookmesh.jdbc.initialize-schema=always", e);
    }
  }

  /**
   * Makes sure the replay guard's table is there.
   *
   * @throws IllegalStateException if it is missing, saying how to create it
   */
  public void requireReplayGuard() {
    require("The replay guard's table " + tablePrefix + "seen is", "seen");
  }

  /**
   * Makes sure the inbox's table is there.
   *
   * @throws IllegalStateException if it is missing, saying how to create it
   */
  public void requireInbox() {
    require("The webhook inbox's table " + tablePrefix + "inbox is", "inbox");
  }

  /**
   * Makes sure the webhook platform's registry tables are there.
   *
   * @throws IllegalStateException if they are missing, saying how to create them
   */
  public void requirePlatform() {
    require("The webhook platform's tables (" + tablePrefix + "application, " + tablePrefix
        + "app_endpoint, " + tablePrefix + "event_type, " + tablePrefix + "registry_change) are",
        "application", "app_endpoint", "event_type", "registry_change");
  }

  private void require(String what, String... tables) {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      for (String table : tables) {
        statement.executeQuery("SELECT 1 FROM " + tablePrefix + table + " WHERE 1 = 0").close();
      }
    } catch (SQLException e) {
      throw new IllegalStateException(what + " missing: add " + database.schemaScript()
          + " from the hookmesh-core jar to your migrations (every statement in it can be run"
          + " again), set hookmesh.jdbc.initialize-schema=always, or keep the part in memory:"
          + " hookmesh.sender.store=memory for the sender's queue,"
          + " hookmesh.receiver.replay-guard=memory for the replay guard,"
          + " hookmesh.receiver.inbox.store=memory for the inbox,"
          + " hookmesh.platform.store=memory for the platform's registry"
          + " (none of them is durable then)",
          e);
    }
  }

  @Override
  public String toString() {
    return "JdbcSchemaCheck[tables=" + tablePrefix + "*]";
  }
}
