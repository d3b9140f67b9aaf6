package dev.hookmesh.jdbc;

import dev.hookmesh.jdbc.internal.Dialect;
import javax.sql.DataSource;

/**
 * The databases Hookmesh's JDBC stores run on. Each store finds out from the connection's
 * metadata; name the database on a builder ({@code .database(JdbcDatabase.MARIADB)}) when a
 * wrapping driver or proxy reports another product.
 */
public enum JdbcDatabase {

  /** PostgreSQL 12 and later: the reference database, with the fewest statements per call. */
  POSTGRESQL("schema-postgresql.sql"),
  /** MariaDB 10.6 and later ({@code FOR UPDATE SKIP LOCKED}); times are kept as UTC. */
  MARIADB("schema-mariadb.sql"),
  /** H2 2.x, for development and tests, with one writer at a time. */
  H2("schema-h2.sql");

  private final String script;

  JdbcDatabase(String script) {
    this.script = script;
  }

  /**
   * The database behind a data source, from its connection's metadata.
   *
   * @param dataSource the data source
   * @return the database
   * @throws IllegalArgumentException for a database the stores do not run on, saying what to
   *     do instead
   */
  public static JdbcDatabase of(DataSource dataSource) {
    return Dialect.of(dataSource).database();
  }

  /**
   * The class-path resource of this database's schema script, to add to migrations.
   *
   * @return such as {@code dev/hookmesh/jdbc/schema-mariadb.sql}
   */
  public String schemaScript() {
    return "dev/hookmesh/jdbc/" + script;
  }
}
