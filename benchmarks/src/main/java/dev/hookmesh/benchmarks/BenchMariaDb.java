package dev.hookmesh.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.mariadb.jdbc.MariaDbDataSource;

/**
 * A private MariaDB server for a benchmark run: Debian's {@code mariadbd}
 * ({@code scripts/install-mariadb.sh}) in a temporary directory on a free loopback port, with
 * {@code innodb_flush_log_at_trx_commit=0} so that a commit does not wait for the disk, as the
 * embedded PostgreSQL runs with {@code fsync=off}; {@code --durable} flushes at every commit.
 */
final class BenchMariaDb implements DatabaseServer {

  /** Driver options from the system property hookmesh.bench.mariadb-options, such as {@code &useServerPrepStmts=true}. */
  private final String options = System.getProperty("hookmesh.bench.mariadb-options", "");
  private final Process process;
  private final int port;
  private final Path directory;
  private int databases;

  private BenchMariaDb(Process process, int port, Path directory) {
    this.process = process;
    this.port = port;
    this.directory = directory;
  }

  /** Starts a server; {@code durable} flushes the log at every commit. */
  static BenchMariaDb start(boolean durable) throws Exception {
    Path directory = Files.createTempDirectory("hookmesh-bench-mariadb");
    Path data = directory.resolve("data");
    Process install = new ProcessBuilder("mariadb-install-db", "--no-defaults",
        "--datadir=" + data, "--user=root", "--auth-root-authentication-method=normal",
        "--skip-test-db").redirectErrorStream(true)
        .redirectOutput(directory.resolve("install.log").toFile()).start();
    if (!install.waitFor(120, TimeUnit.SECONDS) || install.exitValue() != 0) {
      throw new IllegalStateException("mariadb-install-db failed: see "
          + directory.resolve("install.log") + " (run scripts/install-mariadb.sh first)");
    }
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Process process = new ProcessBuilder("mariadbd", "--no-defaults", "--datadir=" + data,
        "--user=root", "--port=" + port, "--bind-address=127.0.0.1",
        "--socket=" + directory.resolve("mariadb.sock"),
        "--pid-file=" + directory.resolve("mariadb.pid"), "--skip-log-bin",
        "--innodb-buffer-pool-size=256M", "--max-connections=300",
        "--innodb-flush-log-at-trx-commit=" + (durable ? "1" : "0"),
        "--character-set-server=utf8mb4", "--collation-server=utf8mb4_bin")
        .redirectErrorStream(true).redirectOutput(directory.resolve("mariadb.log").toFile())
        .start();
    BenchMariaDb server = new BenchMariaDb(process, port, directory);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try {
        DriverManager.getConnection(server.url("mysql")).close(); // it takes connections
        return server;
      } catch (SQLException notYet) {
        if (!process.isAlive() || System.nanoTime() - deadline > 0) {
          server.close();
          throw new IllegalStateException("mariadbd did not start: see "
              + directory.resolve("mariadb.log"), notYet);
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
      }
    }
  }

  private String url(String database) {
    return "jdbc:mariadb://127.0.0.1:" + port + "/" + database + "?user=root" + options;
  }

  @Override
  public String storeName() {
    return "mariadb";
  }

  @Override
  public String describe() throws SQLException {
    try (Connection connection = DriverManager.getConnection(url("mysql"));
        Statement statement = connection.createStatement()) {
      StringBuilder line = new StringBuilder("MariaDB");
      for (String setting : List.of("version", "innodb_flush_log_at_trx_commit",
          "innodb_buffer_pool_size", "tx_isolation", "max_connections")) {
        try (ResultSet result = statement.executeQuery("SELECT @@" + setting)) {
          result.next();
          line.append(' ').append(setting).append('=').append(result.getString(1));
        }
      }
      return line.toString();
    }
  }

  @Override
  public String createDatabase(String prefix, Schema schema) throws Exception {
    String name = prefix + ++databases;
    try (Connection connection = DriverManager.getConnection(url("mysql"));
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name
          + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
    }
    schema.create(new MariaDbDataSource(url(name)));
    return name;
  }

  @Override
  public HikariDataSource pool(String database, int size, String name) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url(database));
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(size);
    config.setPoolName(database + "-" + name);
    return new HikariDataSource(config);
  }

  /**
   * Not counted: MariaDB's status counters take statements in auto-commit mode as no
   * transaction, which PostgreSQL's count, so the two would not compare.
   */
  @Override
  public long transactions(String database) {
    return -1;
  }

  /** The one server process: MariaDB runs its connections as threads. */
  @Override
  public Map<Long, Duration> cpu() {
    return Map.of(process.pid(), process.info().totalCpuDuration().orElse(Duration.ZERO));
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind is harmless
    }
  }
}
