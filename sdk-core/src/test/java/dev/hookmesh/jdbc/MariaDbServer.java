package dev.hookmesh.jdbc;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private MariaDB server for the tests of one JVM: Debian's {@code mariadbd}, installed by
 * {@code scripts/install-mariadb.sh}, initialised in a temporary directory and listening on a
 * free loopback port, stopped and deleted when the JVM exits. No Docker, no service.
 */
final class MariaDbServer {

  private static MariaDbServer server;

  private final Process process;
  private final int port;
  private final Path directory;

  private MariaDbServer(Process process, int port, Path directory) {
    this.process = process;
    this.port = port;
    this.directory = directory;
  }

  /** The shared server, started on first use. */
  static synchronized MariaDbServer get() {
    if (server == null) {
      server = start();
      MariaDbServer started = server;
      Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "mariadb-stop"));
    }
    return server;
  }

  /** A JDBC URL of a database on this server, as root. */
  String url(String database) {
    return "jdbc:mariadb://127.0.0.1:" + port + "/" + database + "?user=root";
  }

  /** Creates an empty database. */
  void createDatabase(String name) {
    try (Connection connection = DriverManager.getConnection(url("mysql"));
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name
          + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
    } catch (SQLException e) {
      throw new IllegalStateException("Could not create the MariaDB database " + name, e);
    }
  }

  private static MariaDbServer start() {
    requireBinaries();
    try {
      Path directory = Files.createTempDirectory("hookmesh-mariadb");
      Path data = directory.resolve("data");
      run(List.of("mariadb-install-db", "--no-defaults", "--datadir=" + data, "--user=root",
          "--auth-root-authentication-method=normal", "--skip-test-db"), directory);
      int port = freePort();
      Process process = new ProcessBuilder("mariadbd", "--no-defaults", "--datadir=" + data,
          "--user=root", "--port=" + port, "--bind-address=127.0.0.1",
          "--socket=" + directory.resolve("mariadb.sock"),
          "--pid-file=" + directory.resolve("mariadb.pid"), "--skip-log-bin",
          "--innodb-buffer-pool-size=128M", "--max-connections=300",
          "--character-set-server=utf8mb4", "--collation-server=utf8mb4_bin")
          .redirectErrorStream(true)
          .redirectOutput(directory.resolve("mariadb.log").toFile())
          .start();
      MariaDbServer started = new MariaDbServer(process, port, directory);
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
          .ignoreExceptions().until(() -> {
            if (!process.isAlive()) {
              throw new IllegalStateException("mariadbd exited: see "
                  + directory.resolve("mariadb.log"));
            }
            try (Connection connection = DriverManager.getConnection(started.url("mysql"))) {
              return connection.isValid(1);
            }
          });
      return started;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start a MariaDB server", e);
    }
  }

  private static void requireBinaries() {
    for (String binary : List.of("mariadbd", "mariadb-install-db")) {
      boolean found = Stream.concat(Stream.of(System.getenv().getOrDefault("PATH", "")
              .split(File.pathSeparator)), Stream.of("/usr/sbin", "/usr/bin"))
          .anyMatch(dir -> new File(dir, binary).canExecute());
      if (!found) {
        throw new IllegalStateException(binary + " is missing: run scripts/install-mariadb.sh"
            + " (./mvnw verify and .ci/run do it when missing)");
      }
    }
  }

  private static void run(List<String> command, Path directory) throws IOException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(directory.resolve("install.log").toFile()).start();
    try {
      if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " failed: see "
            + directory.resolve("install.log"));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private void stop() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // The JVM is exiting; a temporary directory left behind is harmless.
    }
  }
}
