package dev.hookmesh.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.hookmesh.jdbc.JdbcDeliveryStore;
import dev.hookmesh.jdbc.JdbcSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the databases' own statements cost, beside what Hookmesh's enqueue costs on each: a
 * round trip, one insert in auto-commit mode, and the enqueue's statements written by hand
 * (a message and a delivery in one transaction), then {@code store.enqueue} itself. One
 * thread, one connection, so each figure is a latency. It shows how much of a gap between the
 * databases is theirs and how much is Hookmesh's.
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar dev.hookmesh.benchmarks.StatementCosts --n=20000
 * }</pre>
 */
public final class StatementCosts {

  private StatementCosts() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> given = RunArguments.parse(args, List.of("n"), "--n=20000");
    int n = Integer.parseInt(given.getOrDefault("n", "20000"));
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
        org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(ch.qos.logback.classic.Level.WARN);
    System.out.println("| statement | database | per second | µs each | database CPU µs each |");
    System.out.println("|---|---|---:|---:|---:|");
    try (DatabaseServer postgres = BenchServer.start(Map.of());
        DatabaseServer mariadb = BenchMariaDb.start(false)) {
      for (DatabaseServer server : List.of(postgres, mariadb)) {
        measure(server, n);
      }
    }
  }

  private static void measure(DatabaseServer server, int n) throws Exception {
    String name = server.createDatabase("costs_", JdbcSchema::create);
    try (HikariDataSource pool = server.pool(name, 1, "costs");
        Connection connection = pool.getConnection()) {
      try (Statement ddl = connection.createStatement()) {
        ddl.execute("CREATE TABLE plain (id VARCHAR(255) NOT NULL PRIMARY KEY, body "
            + (server.storeName().equals("postgresql") ? "BYTEA" : "LONGBLOB") + " NOT NULL)");
      }
      byte[] body = Senders.BODY;
      time(server, "SELECT 1", n, i -> {
        try (Statement statement = connection.createStatement();
            ResultSet result = statement.executeQuery("SELECT 1")) {
          result.next();
        }
      });
      time(server, "INSERT one row, auto-commit", n, i -> {
        try (PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO plain (id, body) VALUES (?, ?)")) {
          insert.setString(1, "p" + i);
          insert.setBytes(2, body);
          insert.executeUpdate();
        }
      });
      Timestamp now = Timestamp.from(Instant.now());
      time(server, "message + delivery by hand, one transaction", n, i -> {
        connection.setAutoCommit(false);
        try (PreparedStatement message = connection.prepareStatement("INSERT INTO"
            + " hookmesh_message (id, event_type, content_type, body, created_at, stored_at)"
            + " VALUES (?, 'invoice.paid', 'application/json', ?, ?, ?)");
            PreparedStatement delivery = connection.prepareStatement("INSERT INTO"
                + " hookmesh_delivery (message_id, endpoint_id, attempts, due_at, visible_at)"
                + " VALUES (?, 'ep', 0, ?, ?)")) {
          message.setString(1, "h" + i);
          message.setBytes(2, body);
          message.setTimestamp(3, now);
          message.setTimestamp(4, now);
          message.executeUpdate();
          delivery.setString(1, "h" + i);
          delivery.setTimestamp(2, now);
          delivery.setTimestamp(3, now);
          delivery.executeUpdate();
          connection.commit();
        } finally {
          connection.setAutoCommit(true);
        }
      });
    }
    try (HikariDataSource pool = server.pool(name, 1, "store")) {
      JdbcDeliveryStore store = JdbcDeliveryStore.builder(pool).build();
      Instant due = Instant.now();
      time(server, "store.enqueue (Hookmesh)", n,
          i -> store.enqueue(Senders.message(), "ep", due));
    }
  }

  @FunctionalInterface
  private interface Step {
    void run(int i) throws SQLException;
  }

  private static void time(DatabaseServer server, String what, int n, Step step)
      throws SQLException {
    for (int i = 0; i < n / 10; i++) {
      step.run(-1 - i); // warm-up, with ids of its own
    }
    Map<Long, Duration> before = server.cpu();
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      step.run(i);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double databaseMicros = server.cpuSince(before).toNanos() / 1e3 / n;
    System.out.printf(Locale.ROOT, "| %s | %s | %,.0f | %.0f | %.0f |%n", what,
        server.storeName(), n / seconds, seconds * 1e6 / n, databaseMicros);
  }
}
