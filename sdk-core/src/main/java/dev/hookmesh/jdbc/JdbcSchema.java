package dev.hookmesh.jdbc;

import dev.hookmesh.jdbc.internal.Dialect;
import dev.hookmesh.jdbc.internal.JdbcFailure;
import dev.hookmesh.jdbc.internal.TableNames;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * The tables Hookmesh keeps in your database, shipped as SQL scripts in the jar:
 * {@value #POSTGRESQL_SCRIPT}, {@value #MARIADB_SCRIPT} and {@value #H2_SCRIPT}. Put them in your Flyway or Liquibase
 * migrations, or create them at start-up during development:
 *
 * <pre>{@code
 * JdbcSchema.create(dataSource);                       // tables prefixed hookmesh_
 * JdbcSchema.create(dataSource, "webhooks.hookmesh_"); // in another schema
 * }</pre>
 *
 * <p>Every statement is idempotent ({@code CREATE ... IF NOT EXISTS}), so running it again is
 * harmless.
 */
public final class JdbcSchema {

  /** The PostgreSQL script, as a class-path resource. */
  public static final String POSTGRESQL_SCRIPT = "dev/hookmesh/jdbc/schema-postgresql.sql";
  /** The MariaDB script, as a class-path resource. */
  public static final String MARIADB_SCRIPT = "dev/hookmesh/jdbc/schema-mariadb.sql";
  /** The H2 script, as a class-path resource. */
  public static final String H2_SCRIPT = "dev/hookmesh/jdbc/schema-h2.sql";

  private JdbcSchema() {}

  /**
   * Creates the tables with the default {@code hookmesh_} prefix, if they do not exist.
   *
   * @param dataSource a PostgreSQL, MariaDB or H2 database
   */
  public static void create(DataSource dataSource) {
    create(dataSource, TableNames.DEFAULT_PREFIX);
  }

  /**
   * Creates the tables with a prefix, if they do not exist.
   *
   * @param dataSource a PostgreSQL, MariaDB or H2 database
   * @param tablePrefix such as {@code hookmesh_} or {@code webhooks.hookmesh_}
   */
  public static void create(DataSource dataSource, String tablePrefix) {
    create(dataSource, tablePrefix, Dialect.of(dataSource).database());
  }

  /**
   * Creates the tables of a named database with a prefix, if they do not exist: for a data
   * source whose metadata does not say what it is.
   *
   * @param dataSource the database
   * @param tablePrefix such as {@code hookmesh_}
   * @param database which database it is
   */
  public static void create(DataSource dataSource, String tablePrefix, JdbcDatabase database) {
    String script = script(database, TableNames.checkPrefix(tablePrefix));
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      for (String sql : script.replaceAll("(?m)^\\s*--.*$", "").split(";")) {
        if (!sql.isBlank()) {
          statement.execute(sql.strip());
        }
      }
      if (!connection.getAutoCommit()) {
        connection.commit();
      }
    } catch (SQLException e) {
      throw new JdbcFailure("Could not create Hookmesh's tables", e);
    }
  }

  /**
   * The script with its tables under {@code tablePrefix}. Index and constraint names take only
   * the part after a schema name, since SQL names them within their table's schema.
   */
  static String prefixed(String script, String tablePrefix) {
    String local = tablePrefix.substring(tablePrefix.indexOf('.') + 1);
    return UNQUALIFIED_NAME.matcher(script).replaceAll("$1" + Matcher.quoteReplacement(local))
        .replace(TableNames.DEFAULT_PREFIX, tablePrefix);
  }

  private static final Pattern UNQUALIFIED_NAME = Pattern.compile(
      "((?:CREATE INDEX IF NOT EXISTS|DROP CONSTRAINT IF EXISTS) )"
          + Pattern.quote(TableNames.DEFAULT_PREFIX));

  private static String script(JdbcDatabase database, String tablePrefix) {
    String resource = database.schemaScript();
    try (InputStream in = JdbcSchema.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("The Hookmesh jar lacks " + resource);
      }
      return prefixed(new String(in.readAllBytes(), StandardCharsets.UTF_8), tablePrefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
