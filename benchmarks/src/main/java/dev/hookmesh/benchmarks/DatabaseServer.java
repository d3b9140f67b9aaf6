package dev.hookmesh.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;

/** A database server a benchmark runs on: PostgreSQL ({@link BenchServer}) or MariaDB. */
interface DatabaseServer extends AutoCloseable {

  /** Creates a benchmark's tables in a database. */
  @FunctionalInterface
  interface Schema {
    void create(DataSource database) throws Exception;
  }

  /** Stops the server; an interrupt does not stop the stopping. */
  @Override
  void close() throws IOException;

  /** The store's name in reports: postgresql, mariadb. */
  String storeName();

  /** The server's version and the settings that decide what a commit costs, on one line. */
  String describe() throws SQLException;

  /** A new, empty database named after {@code prefix}, with {@code schema} applied to it. */
  String createDatabase(String prefix, Schema schema) throws Exception;

  /** A pool of {@code size} connections, all opened at once, on a database. */
  HikariDataSource pool(String database, int size, String name);

  /** Transactions committed or rolled back so far in a database, or server-wide. */
  long transactions(String database) throws SQLException;

  /** CPU time so far of the server's processes, by process id. */
  Map<Long, Duration> cpu();

  /** CPU time the server's processes used since {@code before}. */
  default Duration cpuSince(Map<Long, Duration> before) {
    Duration used = Duration.ZERO;
    for (Map.Entry<Long, Duration> now : cpu().entrySet()) {
      used = used.plus(now.getValue().minus(before.getOrDefault(now.getKey(), Duration.ZERO)));
    }
    return used;
  }
}
