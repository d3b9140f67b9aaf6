package dev.hookmesh.spring.internal;

import dev.hookmesh.jdbc.JdbcSchema;
import dev.hookmesh.spring.HookmeshJdbcProperties;
import dev.hookmesh.spring.HookmeshJdbcProperties.SchemaInitialization;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * Creates Hookmesh's tables when configured to, then makes sure they are there, so that a
 * missing migration fails start-up with instructions instead of the first webhook at run time.
 */
public final class JdbcSchemaCheck {

  private final String tablePrefix;

  private JdbcSchemaCheck(String tablePrefix) {
    this.tablePrefix = tablePrefix;
  }

  /**
   * Initialises and checks the schema.
   *
   * @param dataSource the application's data source
   * @param properties the {@code hookmesh.jdbc} settings
   * @return the passed check
   * @throws IllegalStateException if the tables are missing, saying how to create them
   */
  public static JdbcSchemaCheck run(DataSource dataSource, HookmeshJdbcProperties properties) {
    String prefix = properties.tablePrefix();
    boolean embedded = isH2(dataSource);
    SchemaInitialization mode = properties.initializeSchema();
    if (mode == SchemaInitialization.ALWAYS
        || (mode == SchemaInitialization.EMBEDDED && embedded)) {
      JdbcSchema.create(dataSource, prefix);
    }
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.executeQuery("SELECT 1 FROM " + prefix + "delivery WHERE 1 = 0").close();
      statement.executeQuery("SELECT 1 FROM " + prefix + "seen WHERE 1 = 0").close();
      statement.executeQuery("SELECT 1 FROM " + prefix + "endpoint WHERE 1 = 0").close();
    } catch (SQLException e) {
      throw new IllegalStateException("Hookmesh's tables (" + prefix + "message, " + prefix
          + "delivery, " + prefix + "attempt, " + prefix + "endpoint, " + prefix + "seen)"
          + " are missing: add "
          + (embedded ? JdbcSchema.H2_SCRIPT : JdbcSchema.POSTGRESQL_SCRIPT)
          + " from the hookmesh-core jar to your migrations, set "
          + "hookmesh.jdbc.initialize-schema=always, or keep Hookmesh's state in memory with "
          + "hookmesh.sender.store=memory and hookmesh.receiver.replay-guard=memory", e);
    }
    return new JdbcSchemaCheck(prefix);
  }

  private static boolean isH2(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection()) {
      return connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT)
          .equals("h2");
    } catch (SQLException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return "JdbcSchemaCheck[tables=" + tablePrefix + "*, present]";
  }
}
