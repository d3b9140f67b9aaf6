package dev.hookmesh.jdbc;

import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.hookmesh.Endpoint;
import dev.hookmesh.LoopbackReceiver;
import dev.hookmesh.WebhookClient;
import dev.hookmesh.delivery.DeliveryListener;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * A webhook sender in a JVM of its own, for the multi-process and crash tests: it delivers a
 * PostgreSQL queue to one receiver until nothing is pending, then exits 0 (or 2 when its time
 * runs out), unless it is killed first.
 *
 * <p>Arguments: JDBC URL, receiver URL, lease in milliseconds, most seconds to run.
 */
public final class SenderProcess {

  /** The endpoint id every queued delivery in these tests goes to. */
  static final String ENDPOINT_ID = "ep_durable";
  /** Attempts one sender runs at once: few, so a slow receiver keeps work queued. */
  static final int CONCURRENCY = 4;

  private SenderProcess() {}

  public static void main(String[] args) {
    String jdbcUrl = args[0];
    String receiverUrl = args[1];
    Duration lease = Duration.ofMillis(Long.parseLong(args[2]));
    Duration maxRun = Duration.ofSeconds(Long.parseLong(args[3]));
    int exit = 0;
    try (HikariDataSource pool = TestDatabases.pool(jdbcUrl, CONCURRENCY);
        WebhookClient client = client(pool, receiverUrl, "child", lease, event -> { })) {
      await().atMost(maxRun).pollInterval(Duration.ofMillis(50))
          .until(() -> client.store().pendingCount() == 0);
    } catch (RuntimeException e) {
      e.printStackTrace();
      exit = 2;
    }
    System.exit(exit); // OkHttp's and the pool's threads must not keep the JVM up
  }

  /**
   * A client on a JDBC queue that finds {@link #ENDPOINT_ID} on {@code receiverUrl}, marking its
   * requests with the sender's name: the same configuration in the child and in the test JVM.
   */
  static WebhookClient client(DataSource dataSource, String receiverUrl, String sender,
      Duration lease, DeliveryListener listener) {
    Endpoint endpoint = Endpoint.builder(receiverUrl)
        .id(ENDPOINT_ID)
        .key(LoopbackReceiver.SECRET)
        .header(ReceivedWebhooks.SENDER_HEADER, sender)
        .build();
    return LoopbackReceiver.clientBuilder()
        .store(JdbcDeliveryStore.builder(dataSource).build())
        .endpointResolver(id -> Optional.of(endpoint).filter(found -> found.id().equals(id)))
        .maxConcurrencyPerEndpoint(CONCURRENCY)
        .lease(lease)
        .listener(listener)
        .build();
  }

  /**
   * Starts a sender JVM on the test's class path, its output going to {@code log}.
   *
   * @return the running process; the caller ends it
   */
  static Process start(String jdbcUrl, String receiverUrl, Duration lease, Duration maxRun,
      Path log) throws IOException {
    String java = ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // Surefire may run tests from a manifest-only jar; its real class path is in this property.
    String classPath = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    List<String> command = List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
        "-XX:+UseSerialGC", "-cp", classPath, SenderProcess.class.getName(), jdbcUrl, receiverUrl,
        Long.toString(lease.toMillis()), Long.toString(maxRun.toSeconds()));
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
        .start();
  }
}
