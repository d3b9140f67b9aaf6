package dev.hookmesh.jdbc;

import static dev.hookmesh.jdbc.DurableDeliveryTest.pendingCount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.hookmesh.LoopbackReceiver;
import dev.hookmesh.WebhookClient;
import dev.hookmesh.WebhookMessage;
import dev.hookmesh.jdbc.TestDatabases.Database;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sql.DataSource;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Senders in separate JVMs on one PostgreSQL queue ({@link SenderProcess}): a child process and
 * the test's own client share the work, and a child killed with SIGKILL mid-run loses nothing;
 * only the deliveries it held at the moment it died may arrive twice.
 */
class SenderProcessTest {

  private static final Duration CHILD_MAX_RUN = Duration.ofSeconds(60);
  /** SIGKILL as {@link Process#exitValue()} reports it on Linux: 128 + 9. */
  private static final int KILLED = 137;

  @TempDir
  Path logs;

  private final LoopbackReceiver receiver = new LoopbackReceiver();
  private final ReceivedWebhooks received = new ReceivedWebhooks();
  private final List<Process> children = new ArrayList<>();
  private Database database;
  private HikariDataSource pool;

  private void open(Supplier<Database> server) {
    database = server.get();
    JdbcSchema.create(database.dataSource());
    pool = database.pool(4);
  }

  @AfterEach
  void stop() {
    children.forEach(Process::destroyForcibly);
    if (pool != null) {
      pool.close();
    }
    receiver.close();
  }

  @ParameterizedTest
  @MethodSource("dev.hookmesh.jdbc.TestDatabases#servers")
  void aChildJvmAndThisOneDeliverOneQueueTogetherWithoutDuplicates(Supplier<Database> server)
      throws Exception {
    open(server);
    int messages = 1_000;
    answerAfter(Duration.ofMillis(5));
    List<String> ids = enqueue(messages);

    Process child = startChild(Duration.ofMinutes(5));
    awaitSentByChild(child, 1);
    deliverTheRestAs("parent", messages);

    assertThat(child.waitFor(30, TimeUnit.SECONDS)).as(log(child)).isTrue();
    assertThat(child.exitValue()).as(log(child)).isZero();
    assertThat(received.missing(ids)).isEmpty();
    assertThat(received.duplicated()).isEmpty();
    assertThat(received.unverified()).isZero();
    assertThat(received.from("child")).isPositive();
    assertThat(received.from("parent")).isPositive();
    System.out.printf("child JVM sent %d, test JVM sent %d of %d%n",
        received.from("child"), received.from("parent"), messages);
  }

  @ParameterizedTest
  @MethodSource("dev.hookmesh.jdbc.TestDatabases#servers")
  void aSenderKilledMidRunLosesNothingAndRepeatsOnlyWhatItHadInFlight(Supplier<Database> server)
      throws Exception {
    open(server);
    int messages = 500;
    answerAfter(Duration.ofMillis(20));
    List<String> ids = enqueue(messages);

    // Killed well inside its first leases (about 1 s in), so every repeat is an attempt cut off
    // by the kill; a loaded machine gets 5 s of slack before a lease runs out.
    Process child = startChild(Duration.ofSeconds(5));
    awaitSentByChild(child, 20);
    child.destroyForcibly();
    assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).isEqualTo(KILLED);

    long pendingAtKill = pendingCount(pool);
    Set<String> heldAtKill = leased(pool);
    int arrivedAtKill = received.distinct();
    assertThat(pendingAtKill).isGreaterThanOrEqualTo(200);
    assertThat(heldAtKill).isNotEmpty();

    Instant restart = Instant.now();
    deliverTheRestAs("successor", messages);
    Duration recovery = Duration.between(restart, Instant.now());

    assertThat(received.missing(ids)).as("lost").isEmpty();
    assertThat(heldAtKill).containsAll(received.duplicated());
    assertThat(received.duplicated()).hasSizeLessThanOrEqualTo(SenderProcess.CONCURRENCY);
    assertThat(received.unverified()).isZero();
    System.out.printf("killed with %d arrived, %d pending, %d leased to the dead sender;"
        + " successor finished in %d ms; lost 0, duplicates %d%n", arrivedAtKill, pendingAtKill,
        heldAtKill.size(), recovery.toMillis(), received.duplicated().size());
  }

  /** Waits until the child has sent {@code requests}, and fails if it died first. */
  private void awaitSentByChild(Process child, int requests) {
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5))
        .until(() -> received.from("child") >= requests || !child.isAlive());
    assertThat(child.isAlive()).as(log(child)).isTrue();
  }

  /**
   * Runs a sender in this JVM, with a lease no test outlives, until every message has arrived
   * and nothing is pending.
   */
  @SuppressWarnings("try") // the resource works while open; the body never names it
  private void deliverTheRestAs(String sender, int messages) {
    try (WebhookClient client = SenderProcess.client(
        pool, receiver.url("/hooks/durable"), sender, Duration.ofMinutes(5), event -> { })) {
      await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50))
          .until(() -> received.distinct() == messages && pendingCount(pool) == 0);
    }
  }

  /** Every request is counted on arrival and answered 204 after {@code delay}. */
  private void answerAfter(Duration delay) {
    MockResponse slow = new MockResponse.Builder().code(204)
        .headersDelay(delay.toMillis(), TimeUnit.MILLISECONDS).build();
    receiver.answer(request -> {
      received.record(request);
      return slow;
    });
  }

  /** Queues {@code count} messages to {@link SenderProcess#ENDPOINT_ID} with no client running. */
  private List<String> enqueue(int count) {
    JdbcDeliveryStore store = JdbcDeliveryStore.builder(pool).build();
    Instant now = Instant.now();
    List<String> ids = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      WebhookMessage message = WebhookMessage.builder("invoice.paid")
          .body(("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8), "application/json")
          .build();
      store.enqueue(message, SenderProcess.ENDPOINT_ID, now);
      ids.add(message.id());
    }
    return ids;
  }

  private Process startChild(Duration lease) throws IOException {
    Path log = logs.resolve("sender-" + children.size() + ".log");
    Process child = SenderProcess.start(database.jdbcUrl(), receiver.url("/hooks/durable"), lease,
        CHILD_MAX_RUN, log);
    children.add(child);
    return child;
  }

  /** The ids of pending deliveries some sender holds a lease on. */
  private static Set<String> leased(DataSource dataSource) throws SQLException {
    Set<String> ids = new HashSet<>();
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT message_id FROM hookmesh_delivery"
            + " WHERE outcome IS NULL AND lease_owner IS NOT NULL")) {
      while (result.next()) {
        ids.add(result.getString(1));
      }
    }
    return ids;
  }

  /** The child's output, for a failed assertion's description. */
  private String log(Process child) {
    Path log = logs.resolve("sender-" + children.indexOf(child) + ".log");
    try {
      return "sender output:\n" + Files.readString(log);
    } catch (IOException e) {
      return "no sender output: " + e;
    }
  }
}
