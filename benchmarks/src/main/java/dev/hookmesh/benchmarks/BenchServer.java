package dev.hookmesh.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * The embedded PostgreSQL server a durable benchmark runs on, and what the benchmarks read off
 * it: fresh databases, pools on them, the transactions each database committed, and the CPU
 * time of the server's processes beside this JVM's.
 */
final class BenchServer implements DatabaseServer {

  private final EmbeddedPostgres server;
  private int databases;

  private BenchServer(EmbeddedPostgres server) {
    this.server = server;
  }

  /** Starts a server with these settings over the embedded defaults. */
  static BenchServer start(Map<String, String> config) throws Exception {
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
    config.forEach(builder::setServerConfig);
    return new BenchServer(builder.start());
  }

  /** The server's version and the settings that decide what a commit costs, on one line. */
  @Override
  public String storeName() {
    return "postgresql";
  }

  @Override
  public String describe() throws SQLException {
    try (Connection connection = server.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      StringBuilder line = new StringBuilder("PostgreSQL");
      for (String setting : List.of("server_version", "synchronous_commit", "fsync",
          "wal_sync_method", "shared_buffers", "max_connections")) {
        try (ResultSet result = statement.executeQuery("SHOW " + setting)) {
          result.next();
          line.append(' ').append(setting).append('=').append(result.getString(1));
        }
      }
      return line.toString();
    }
  }

  /** A new, empty database named after {@code prefix}, with {@code schema} applied to it. */
  @Override
  public String createDatabase(String prefix, Schema schema) throws Exception {
    String name = prefix + ++databases;
    try (Connection connection = server.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    }
    schema.create(server.getDatabase("postgres", name));
    return name;
  }

  /**
   * Drops a database whose run is over, so nothing left of it (autovacuum's visits, dirty
   * pages) runs during a later measurement.
   */
  void dropDatabase(String name) throws SQLException {
    try (Connection connection = server.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
  }

  /**
   * Brings the server to rest before a measurement: writes every dirty page out and waits, for
   * ten seconds at most, until no autovacuum worker is busy, so whichever run comes next pays
   * for no earlier one's work.
   */
  void quiesce() throws SQLException {
    try (Connection connection = server.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CHECKPOINT");
      awaitNone(statement, "SELECT COUNT(*) FROM pg_stat_activity"
          + " WHERE backend_type = 'autovacuum worker'");
    }
  }

  /** Runs a count every 20 ms until it counts none, for ten seconds at most. */
  private static void awaitNone(Statement statement, String count) throws SQLException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() - deadline < 0) {
      try (ResultSet result = statement.executeQuery(count)) {
        result.next();
        if (result.getLong(1) == 0) {
          return;
        }
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
  }

  /** The JDBC URL of a database, user included. */
  String jdbcUrl(String database) {
    return server.getJdbcUrl("postgres", database);
  }

  /** An unpooled data source on a database. */
  DataSource database(String name) {
    return server.getDatabase("postgres", name);
  }

  /** A pool of {@code size} connections, all opened at once, on a database. */
  @Override
  public HikariDataSource pool(String database, int size, String name) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(server.getJdbcUrl("postgres", database));
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(size);
    config.setPoolName(database + "-" + name);
    return new HikariDataSource(config);
  }

  /**
   * Transactions committed or rolled back in a database, once its connections have closed: a
   * backend sends its statistics when it exits.
   */
  @Override
  public long transactions(String database) throws SQLException {
    try (Connection connection = server.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      awaitNone(statement, "SELECT COUNT(*) FROM pg_stat_activity"
          + " WHERE datname = '" + database + "'");
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
      connection.setAutoCommit(true);
      statement.execute("SELECT pg_stat_clear_snapshot()");
      try (ResultSet result = statement.executeQuery("SELECT xact_commit + xact_rollback"
          + " FROM pg_stat_database WHERE datname = '" + database + "'")) {
        result.next();
        return result.getLong(1);
      }
    }
  }

  /** This JVM's CPU time so far. */
  static Duration jvmCpu() {
    return Duration.ofNanos(((com.sun.management.OperatingSystemMXBean)
        ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime());
  }

  /**
   * CPU time so far of the server's postmaster and every process under it (backends, WAL
   * writer, checkpointer), by process id.
   */
  @Override
  public Map<Long, Duration> cpu() {
    String port = Integer.toString(server.getPort());
    return ProcessHandle.allProcesses()
        .filter(process -> process.info().command().orElse("").endsWith("/postgres")
            && List.of(process.info().arguments().orElse(new String[0])).contains(port))
        .findFirst()
        .map(postmaster -> Stream.concat(Stream.of(postmaster), postmaster.descendants())
            .collect(Collectors.toMap(ProcessHandle::pid,
                process -> process.info().totalCpuDuration().orElse(Duration.ZERO))))
        .orElse(Map.of());
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
