package dev.hookmesh.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.hookmesh.jdbc.JdbcDeliveryStore;
import dev.hookmesh.jdbc.JdbcSchema;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one {@code store.enqueue} costs, batch after batch on one embedded PostgreSQL server,
 * each batch on a fresh database, with the server brought to rest ({@link BenchServer#quiesce})
 * before it and its database dropped after it. One thread, one connection, so each figure is a
 * latency: one round trip between this JVM and the server's backend, and the work at each end.
 *
 * <p>On these two-core machines the round trip is most of it, and its cost depends on where
 * the two processes run. While this JVM still compiles, an enqueue takes about 75 µs; once it
 * is compiled, over 100 µs, and the backend spends more CPU on each statement. Run under
 * {@code taskset -c 0}, both on one core, a compiled enqueue takes about 50 µs and both sides
 * spend less CPU on it: the cost is in the two processes waking each other across cores, not in
 * the statement. So a figure taken before the JIT is done
 * ({@link StatementCosts} warms up for a tenth of its statements) is lower than one taken after
 * ({@link OutboxComparison} warms everything up at full size first), and either one compares
 * contenders fairly only against figures taken the same way.
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar dev.hookmesh.benchmarks.EnqueueBatches \
 *     --n=20000 --batches=6
 * taskset -c 0 java -cp benchmarks/target/benchmarks.jar dev.hookmesh.benchmarks.EnqueueBatches
 * }</pre>
 */
public final class EnqueueBatches {

  private EnqueueBatches() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> given = RunArguments.parse(args, List.of("n", "batches"),
        "--n=20000 --batches=6");
    int n = Integer.parseInt(given.getOrDefault("n", "20000"));
    int batches = Integer.parseInt(given.getOrDefault("batches", "6"));
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
        org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(ch.qos.logback.classic.Level.WARN);
    System.out.println("| batch | per second | µs each"
        + " | JVM CPU µs each | PostgreSQL CPU µs each |");
    System.out.println("|---:|---:|---:|---:|---:|");
    try (BenchServer server = BenchServer.start(Map.of())) {
      for (int batch = 1; batch <= batches; batch++) {
        String name = server.createDatabase("life_", JdbcSchema::create);
        try (HikariDataSource pool = server.pool(name, 1, "life")) {
          JdbcDeliveryStore store = JdbcDeliveryStore.builder(pool).build();
          server.quiesce();
          Instant due = Instant.now();
          Duration jvmBefore = BenchServer.jvmCpu();
          Map<Long, Duration> before = server.cpu();
          long start = System.nanoTime();
          for (int i = 0; i < n; i++) {
            store.enqueue(Senders.message(), "ep_bench", due);
          }
          long elapsed = System.nanoTime() - start;
          // Read while the pool is open: a backend's CPU time goes with its process.
          double database = server.cpuSince(before).toNanos() / 1e3 / n;
          double jvm = BenchServer.jvmCpu().minus(jvmBefore).toNanos() / 1e3 / n;
          System.out.printf(Locale.ROOT, "| %d | %,.0f | %.0f | %.0f | %.0f |%n", batch,
              n * 1e9 / elapsed, elapsed / 1e3 / n, jvm, database);
        }
        server.dropDatabase(name);
      }
    }
  }
}
