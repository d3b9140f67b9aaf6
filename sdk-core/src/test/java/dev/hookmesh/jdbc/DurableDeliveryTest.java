package dev.hookmesh.jdbc;

import static dev.hookmesh.LoopbackReceiver.SECRET;
import static dev.hookmesh.LoopbackReceiver.body;
import static dev.hookmesh.LoopbackReceiver.headers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.hookmesh.Endpoint;
import dev.hookmesh.LoopbackReceiver;
import dev.hookmesh.WebhookClient;
import dev.hookmesh.WebhookMessage;
import dev.hookmesh.WebhookVerifier;
import dev.hookmesh.delivery.DeliveryAttempt;
import dev.hookmesh.delivery.DeliveryEvent;
import dev.hookmesh.delivery.DeliveryOutcome;
import dev.hookmesh.delivery.DeliveryResult;
import dev.hookmesh.jdbc.TestDatabases.Database;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.sql.DataSource;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Durable delivery in one JVM on a real PostgreSQL and MariaDB: the client's queue, retries and attempt log
 * live in the database, and several clients on one database share the work without sending a
 * message twice.
 */
class DurableDeliveryTest {

  private static final int MESSAGES = 1_000;
  private static final int INSTANCES = 3;

  @ParameterizedTest
  @MethodSource("dev.hookmesh.jdbc.TestDatabases#servers")
  void retriesThroughTheDatabaseUntilTheReceiverAcceptsAndLogsEveryAttempt(
      Supplier<Database> server) throws Exception {
    Database database = server.get();
    JdbcSchema.create(database.dataSource());
    WebhookVerifier verifier = WebhookVerifier.builder().key(SECRET).build();
    byte[] payload = "{\"invoice\":\"in_1\"}".getBytes(StandardCharsets.UTF_8);
    WebhookMessage message =
        WebhookMessage.builder("invoice.paid").body(payload, "application/json").build();

    try (LoopbackReceiver receiver = new LoopbackReceiver();
        HikariDataSource pool = database.pool(2);
        WebhookClient client = LoopbackReceiver.clientBuilder()
            .store(JdbcDeliveryStore.builder(pool).build())
            .build()) {
      receiver.answerInOrder(500, 500, 204);

      DeliveryResult result = client.send(receiver.endpoint("ep_1"), message)
          .result().get(30, TimeUnit.SECONDS);

      assertThat(result.outcome()).isEqualTo(DeliveryOutcome.DELIVERED);
      assertThat(result.attempts()).isEqualTo(3);
      for (RecordedRequest request : receiver.requests()) {
        assertThat(verifier.verify(headers(request), body(request)).id()).isEqualTo(message.id());
      }
      assertThat(client.store().pendingCount()).isZero();
    }
    // A store that never saw the send reads the same record back from the database.
    JdbcDeliveryStore reopened = JdbcDeliveryStore.builder(database.dataSource()).build();
    assertThat(reopened.pendingCount()).isZero();
    assertThat(reopened.attempts(message.id()))
        .extracting(DeliveryAttempt::attempt, DeliveryAttempt::status)
        .containsExactly(tuple(1, 500), tuple(2, 500), tuple(3, 204));
    assertThat(reopened.message(message.id())).get()
        .extracting(WebhookMessage::body).isEqualTo(payload);
  }

  @ParameterizedTest
  @MethodSource("dev.hookmesh.jdbc.TestDatabases#servers")
  void clientsWithTheirOwnPoolsShareOneQueueAndSendEachMessageOnce(Supplier<Database> server)
      throws Exception {
    Database database = server.get();
    JdbcSchema.create(database.dataSource());
    ReceivedWebhooks received = new ReceivedWebhooks();
    List<HikariDataSource> pools = new ArrayList<>();
    List<WebhookClient> clients = new ArrayList<>();
    List<AtomicInteger> attemptsByClient = new ArrayList<>();

    try (LoopbackReceiver receiver = new LoopbackReceiver()) {
      receiver.answer(request -> {
        received.record(request);
        return LoopbackReceiver.status(204);
      });
      Endpoint endpoint = receiver.endpoint("ep_shared");
      for (int i = 0; i < INSTANCES; i++) {
        AtomicInteger attempts = new AtomicInteger();
        HikariDataSource pool = database.pool(3);
        pools.add(pool);
        attemptsByClient.add(attempts);
        clients.add(LoopbackReceiver.clientBuilder()
            .store(JdbcDeliveryStore.builder(pool).build())
            // Every instance must know every endpoint: a client may claim a message another
            // one sent before it has sent anything itself.
            .endpointResolver(id -> Optional.of(endpoint).filter(known -> known.id().equals(id)))
            .listener(event -> {
              if (event.type() == DeliveryEvent.Type.ATTEMPTED) {
                attempts.incrementAndGet();
              }
            })
            .build());
      }

      List<String> ids = new ArrayList<>(MESSAGES);
      for (int i = 0; i < MESSAGES; i++) {
        WebhookMessage message = WebhookMessage.of("invoice.paid", Map.of("n", i));
        ids.add(message.id());
        clients.get(i % INSTANCES).send(endpoint, message);
      }
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
          .until(() -> received.distinct() == MESSAGES && pendingCount(database.dataSource()) == 0);

      assertThat(received.missing(ids)).isEmpty();
      assertThat(received.duplicated()).isEmpty();
      assertThat(received.unverified()).isZero();
      assertThat(attemptsByClient).allSatisfy(count -> assertThat(count.get()).isPositive());
      assertThat(attemptsByClient.stream().mapToInt(AtomicInteger::get).sum()).isEqualTo(MESSAGES);
      assertThat(count(database.dataSource(), "SELECT COUNT(*) FROM hookmesh_attempt"))
          .isEqualTo(MESSAGES);
      System.out.printf("%d clients delivered %d messages, attempts per client %s%n",
          INSTANCES, MESSAGES, attemptsByClient);
    } finally {
      clients.forEach(WebhookClient::close);
      pools.forEach(HikariDataSource::close);
    }
  }

  /**
   * Two instances, each sending from two threads of its own while both deliver: no send fails,
   * none is lost or repeated. On MariaDB a send once failed with a deadlock in
   * DurableDeliveryThroughput (two clients, a fast receiver): it tried to reopen a delivery
   * before inserting it, and the update that found no row took a gap lock under REPEATABLE
   * READ. Sends now insert first, and the stores' own transactions run in READ COMMITTED. This
   * test did not reproduce that deadlock at its size; it checks the mix stays correct.
   */
  @ParameterizedTest
  @MethodSource("dev.hookmesh.jdbc.TestDatabases#servers")
  void sendingWhileDeliveringOnSeveralInstancesNeverFailsASend(Supplier<Database> server)
      throws Exception {
    Database database = server.get();
    JdbcSchema.create(database.dataSource());
    int perInstance = 1_500;
    ReceivedWebhooks received = new ReceivedWebhooks();
    List<HikariDataSource> pools = new ArrayList<>();
    List<WebhookClient> clients = new ArrayList<>();
    try (LoopbackReceiver receiver = new LoopbackReceiver()) {
      receiver.answer(request -> {
        received.record(request);
        return LoopbackReceiver.status(204);
      });
      Endpoint endpoint = receiver.endpoint("ep_busy");
      for (int i = 0; i < 2; i++) {
        HikariDataSource pool = database.pool(4);
        pools.add(pool);
        clients.add(LoopbackReceiver.clientBuilder()
            .store(JdbcDeliveryStore.builder(pool).build())
            .endpointResolver(id -> Optional.of(endpoint).filter(known -> known.id().equals(id)))
            .build());
      }
      List<String> ids = java.util.Collections.synchronizedList(new ArrayList<>());
      List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
      List<Thread> senders = new ArrayList<>();
      for (WebhookClient client : List.of(clients.get(0), clients.get(0), clients.get(1),
          clients.get(1))) {
        Thread sender = new Thread(() -> {
          for (int n = 0; n < perInstance / 2; n++) {
            WebhookMessage message = WebhookMessage.of("invoice.paid", Map.of("n", n));
            try {
              client.send(endpoint, message);
              ids.add(message.id());
            } catch (RuntimeException e) {
              failures.add(e);
            }
          }
        });
        sender.start();
        senders.add(sender);
      }
      for (Thread sender : senders) {
        sender.join(Duration.ofSeconds(60).toMillis());
      }
      assertThat(failures).isEmpty();
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
          .until(() -> received.distinct() == 2 * perInstance);
      assertThat(received.missing(ids)).isEmpty();
      assertThat(received.duplicated()).isEmpty();
    } finally {
      clients.forEach(WebhookClient::close);
      pools.forEach(HikariDataSource::close);
    }
  }

  @ParameterizedTest
  @MethodSource("dev.hookmesh.jdbc.TestDatabases#servers")
  void aBacklogThatOutlivesItsLeaseIsStillSentOnce(Supplier<Database> server) throws Exception {
    Database database = server.get();
    JdbcSchema.create(database.dataSource());
    ReceivedWebhooks received = new ReceivedWebhooks();
    int messages = 300;

    try (LoopbackReceiver receiver = new LoopbackReceiver();
        HikariDataSource pool = database.pool(3);
        // 4 attempts at a time of 20 ms each: a claimed batch takes longer than the lease.
        WebhookClient client = SenderProcess.client(pool, receiver.url("/hooks/durable"),
            "only", Duration.ofMillis(500), event -> { })) {
      MockResponse slow = new MockResponse.Builder().code(204)
          .headersDelay(20, TimeUnit.MILLISECONDS).build();
      receiver.answer(request -> {
        received.record(request);
        return slow;
      });
      List<String> ids = new ArrayList<>(messages);
      for (int i = 0; i < messages; i++) {
        WebhookMessage message = WebhookMessage.builder("invoice.paid")
            .body(("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8), "application/json")
            .build();
        client.store().enqueue(message, SenderProcess.ENDPOINT_ID, Instant.now());
        ids.add(message.id());
      }
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
          .until(() -> pendingCount(pool) == 0);

      assertThat(received.missing(ids)).isEmpty();
      System.out.println("duplicates without a crash: " + received.duplicated().size());
      assertThat(received.duplicated()).isEmpty();
    }
  }

  static long pendingCount(DataSource dataSource) throws SQLException {
    return count(dataSource, "SELECT COUNT(*) FROM hookmesh_delivery WHERE outcome IS NULL");
  }

  static long count(DataSource dataSource, String sql) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      result.next();
      return result.getLong(1);
    }
  }
}
