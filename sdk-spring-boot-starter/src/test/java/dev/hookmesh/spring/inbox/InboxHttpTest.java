package dev.hookmesh.spring.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hookmesh.WebhookSigner;
import dev.hookmesh.inbox.InboxEntry;
import dev.hookmesh.inbox.InboxStatus;
import dev.hookmesh.inbox.WebhookInbox;
import dev.hookmesh.jdbc.TestDatabases.PostgresDatabase;
import dev.hookmesh.spring.it.LoopbackClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Inbox endpoints over real HTTP on a real PostgreSQL: the sender gets its 202 once the event is
 * stored, and the listeners run afterwards, with retries, in one transaction with their
 * event's completion, and in arrival order per ordering key.
 */
@SpringBootTest(classes = InboxTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
        "hookmesh.sender.enabled=false",
        "hookmesh.receiver.inbox.poll-interval=100ms",
        "hookmesh.receiver.endpoints.orders.processing=inbox",
        "hookmesh.receiver.endpoints.orders.secrets[0]=" + InboxHttpTest.SECRET,
        "hookmesh.receiver.endpoints.orders.retry.policy=exponential",
        "hookmesh.receiver.endpoints.orders.retry.initial=10ms",
        "hookmesh.receiver.endpoints.orders.retry.max-delay=100ms",
        "hookmesh.receiver.endpoints.orders.retry.max-attempts=5",
        "hookmesh.receiver.endpoints.ordered.processing=inbox",
        "hookmesh.receiver.endpoints.ordered.secrets[0]=" + InboxHttpTest.SECRET,
        "hookmesh.receiver.endpoints.ordered.retry.policy=exponential",
        "hookmesh.receiver.endpoints.ordered.retry.initial=5ms",
        "hookmesh.receiver.endpoints.ordered.retry.max-delay=20ms",
        "hookmesh.receiver.endpoints.ordered.retry.max-attempts=4"})
class InboxHttpTest {

  static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  static final WebhookSigner SIGNER = WebhookSigner.builder().key(SECRET).build();
  static final PostgresDatabase DATABASE = InboxDatabase.create();

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", DATABASE::jdbcUrl);
  }

  @LocalServerPort int port;
  @Autowired InboxTestApplication.Processing processing;
  @Autowired WebhookInbox inbox;
  @Autowired DataSource dataSource;
  LoopbackClient client;

  @BeforeEach
  void client() {
    client = new LoopbackClient(port);
  }

  /** Signs and posts an event once, as a sender that never retries does. */
  static HttpResponse<String> post(LoopbackClient client, String endpoint, String id,
      String body) {
    return client.post("/webhooks/" + endpoint, SIGNER.sign(id, body), body);
  }

  static String order(String id, int failTimes) {
    return "{\"type\":\"order.created\",\"id\":\"" + id + "\",\"failTimes\":" + failTimes + "}";
  }

  @Test
  void aSenderThatNeverRetriesHasEveryEventProcessedOnceThoughListenersFail() throws Exception {
    int events = 500;
    Random random = new Random(12);
    Map<String, Integer> failTimes = new LinkedHashMap<>();
    for (int i = 0; i < events; i++) {
      failTimes.put("once-" + i, random.nextInt(10) < 3 ? 2 : 0);
    }

    List<Integer> statuses = sendConcurrently(failTimes.entrySet().stream()
        .map(entry -> (Sending) () -> post(client, "orders", "msg_" + entry.getKey(),
            order(entry.getKey(), entry.getValue())).statusCode())
        .toList());

    assertThat(statuses).as("what the sender saw").hasSize(events).containsOnly(202);
    await().atMost(Duration.ofSeconds(60)).until(
        () -> InboxDatabase.orderRows(dataSource, "once-").size() == events
            && inbox.list(InboxStatus.PENDING, "orders", null, 1).isEmpty());
    assertThat(InboxDatabase.orderRows(dataSource, "once-")).hasSize(events)
        .allSatisfy((order, rows) -> assertThat(rows).as(order).isOne());
    failTimes.forEach((order, fails) -> assertThat(processing.attempts("msg_" + order))
        .as("attempts of %s", order).isEqualTo(fails + 1));
    assertThat(failTimes.values()).filteredOn(fails -> fails > 0).hasSizeBetween(100, 200);
    assertThat(inbox.list(InboxStatus.DEAD, "orders", null, 10)).isEmpty();
    assertThat(processing.inTransaction).containsOnly(true);
  }

  @Test
  void aDuplicateIsAcknowledgedAndStoredOnce() {
    String body = order("dup-1", 0);

    assertThat(post(client, "orders", "msg_dup-1", body).statusCode()).isEqualTo(202);
    assertThat(post(client, "orders", "msg_dup-1", body).statusCode()).isEqualTo(202);

    await().atMost(Duration.ofSeconds(10)).until(
        () -> inbox.find("orders", "msg_dup-1").map(InboxEntry::status).orElse(null)
            == InboxStatus.PROCESSED);
    assertThat(processing.attempts("msg_dup-1")).isOne();
    assertThat(InboxDatabase.orderRows(dataSource, "dup-")).containsExactly(Map.entry("dup-1", 1));
  }

  @Test
  void keepsTheRequestsHeadersWithTheEventButNeverItsCredentials() {
    String body = order("headers-1", 0);
    Map<String, Object> headers = new LinkedHashMap<>(SIGNER.sign("msg_headers-1", body));
    headers.put("Authorization", "Bearer s3cr3t-token");
    headers.put("Cookie", "session=s3cr3t-cookie");
    headers.put("Proxy-Authorization", "Basic czNjcjN0");
    headers.put("X-Shop-Topic", List.of("orders/create", "orders/paid"));

    assertThat(client.post("/webhooks/orders", headers, body).statusCode()).isEqualTo(202);

    Map<String, List<String>> kept = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    kept.putAll(inbox.find("orders", "msg_headers-1").orElseThrow().event().headers());
    assertThat(kept).containsKeys("webhook-id", "webhook-signature", "content-type")
        .doesNotContainKeys("authorization", "cookie", "proxy-authorization")
        .containsEntry("x-shop-topic", List.of("orders/create", "orders/paid"));
    assertThat(kept.toString()).doesNotContain("s3cr3t", "czNjcjN0");
  }

  @Test
  void aFailedAttemptsWritesRollBackAndTheRetryWritesOnce() throws Exception {
    processing.holding = new CountDownLatch(1);
    processing.release = new CountDownLatch(1);
    String body = "{\"type\":\"order.created\",\"id\":\"tx-1\",\"failTimes\":1,\"holdOn\":2}";

    assertThat(post(client, "orders", "msg_tx-1", body).statusCode()).isEqualTo(202);

    // The first attempt inserted its row and threw; the second waits before inserting.
    assertThat(processing.holding.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(InboxDatabase.orderRows(dataSource, "tx-")).isEmpty();
    assertThat(inbox.find("orders", "msg_tx-1").orElseThrow().lastError())
        .contains("attempt 1 of msg_tx-1 fails");
    processing.release.countDown();

    await().atMost(Duration.ofSeconds(10)).until(
        () -> inbox.find("orders", "msg_tx-1").orElseThrow().status() == InboxStatus.PROCESSED);
    assertThat(InboxDatabase.orderRows(dataSource, "tx-")).containsExactly(Map.entry("tx-1", 1));
    assertThat(processing.attempts("msg_tx-1")).isEqualTo(2);
  }

  @Test
  void eventsOfOneKeyRunInArrivalOrderAndADeadKeyHoldsBackOnlyItself() {
    int keys = 10;
    int perKey = 20;
    Random random = new Random(7);
    List<String[]> events = new ArrayList<>(); // key, seq, body
    for (int k = 0; k < keys; k++) {
      for (int seq = 0; seq < perKey; seq++) {
        int failTimes = random.nextInt(10) < 3 ? 1 + random.nextInt(2) : 0;
        String key = "k" + k;
        events.add(new String[] {key, Integer.toString(seq), "{\"type\":\"step\",\"key\":\""
            + key + "\",\"seq\":" + seq + ",\"failTimes\":" + failTimes + ",\"dead\":"
            + key.equals("k0") + "}"});
      }
    }
    Collections.shuffle(events, random);

    Map<String, List<Integer>> arrivalOrder = new LinkedHashMap<>();
    for (String[] event : events) {
      String id = "msg_ordered_" + event[0] + "_" + event[1];
      assertThat(post(client, "ordered", id, event[2]).statusCode()).isEqualTo(202);
      arrivalOrder.computeIfAbsent(event[0], k -> new ArrayList<>())
          .add(Integer.parseInt(event[1]));
    }

    await().atMost(Duration.ofSeconds(60)).until(
        () -> inbox.list(InboxStatus.PENDING, "ordered", null, 1).isEmpty());
    assertThat(processing.completedByKey).doesNotContainKey("k0");
    for (int k = 1; k < keys; k++) {
      assertThat(processing.completedByKey.get("k" + k)).as("key k%d", k)
          .isEqualTo(arrivalOrder.get("k" + k));
    }
    List<InboxEntry> dead = inbox.list(InboxStatus.DEAD, "ordered", null, 100);
    assertThat(dead).hasSize(perKey).allSatisfy(entry -> {
      assertThat(entry.event().orderingKey()).isEqualTo("k0");
      assertThat(entry.attempts()).isEqualTo(4);
      assertThat(entry.lastError()).startsWith("Gave up after 4 attempts:")
          .contains("IllegalStateException");
    });
  }

  @Test
  void twoInstancesOnOneDatabaseNeverProcessAnEventTwice() throws Exception {
    int events = 400;
    try (ConfigurableApplicationContext second = new SpringApplicationBuilder(
        InboxTestApplication.class).run("--server.port=0", "--spring.main.banner-mode=off",
            "--spring.datasource.url=" + DATABASE.jdbcUrl(),
            "--hookmesh.sender.enabled=false",
            "--hookmesh.receiver.inbox.poll-interval=100ms",
            "--hookmesh.receiver.endpoints.orders.processing=inbox",
            "--hookmesh.receiver.endpoints.orders.secrets[0]=" + SECRET,
            "--hookmesh.receiver.endpoints.ordered.processing=inbox",
            "--hookmesh.receiver.endpoints.ordered.secrets[0]=" + SECRET)) {
      LoopbackClient other = new LoopbackClient(
          ((WebServerApplicationContext) second).getWebServer().getPort());
      InboxTestApplication.Processing secondProcessing =
          second.getBean(InboxTestApplication.Processing.class);

      List<Sending> sends = new ArrayList<>();
      for (int i = 0; i < events; i++) {
        String order = "twice-" + i;
        LoopbackClient to = i % 2 == 0 ? client : other;
        sends.add(() -> post(to, "orders", "msg_" + order, order(order, 0)).statusCode());
      }
      assertThat(sendConcurrently(sends)).containsOnly(202);

      await().atMost(Duration.ofSeconds(60)).until(
          () -> InboxDatabase.orderRows(dataSource, "twice-").size() == events);
      for (int i = 0; i < events; i++) {
        String id = "msg_twice-" + i;
        assertThat(processing.attempts(id) + secondProcessing.attempts(id)).as(id).isOne();
      }
      assertThat(InboxDatabase.orderRows(dataSource, "twice-")).hasSize(events)
          .allSatisfy((order, rows) -> assertThat(rows).as(order).isOne());
      assertThat(secondProcessing.attempts).isNotEmpty();
    }
  }

  @Test
  void anIngestOnlyInstanceStoresAndLeavesTheProcessingToInstancesWithWorkers() {
    try (ConfigurableApplicationContext ingest = new SpringApplicationBuilder(
        InboxTestApplication.class).run("--server.port=0", "--spring.main.banner-mode=off",
            "--spring.datasource.url=" + DATABASE.jdbcUrl(),
            "--hookmesh.sender.enabled=false",
            "--hookmesh.receiver.inbox.process-events=false",
            "--hookmesh.receiver.endpoints.orders.processing=inbox",
            "--hookmesh.receiver.endpoints.orders.secrets[0]=" + SECRET,
            "--hookmesh.receiver.endpoints.ordered.processing=inbox",
            "--hookmesh.receiver.endpoints.ordered.secrets[0]=" + SECRET)) {
      LoopbackClient ingestClient = new LoopbackClient(
          ((WebServerApplicationContext) ingest).getWebServer().getPort());

      for (int i = 0; i < 20; i++) {
        assertThat(post(ingestClient, "orders", "msg_ingest-" + i, order("ingest-" + i, 0))
            .statusCode()).isEqualTo(202);
      }

      // This test's application, which has workers, finds them at its next poll.
      await().atMost(Duration.ofSeconds(30)).until(
          () -> InboxDatabase.orderRows(dataSource, "ingest-").size() == 20);
      assertThat(ingest.getBean(InboxTestApplication.Processing.class).attempts).isEmpty();
      for (int i = 0; i < 20; i++) {
        assertThat(processing.attempts("msg_ingest-" + i)).isOne();
      }
    }
  }

  /** Sends one request; returns its status. */
  interface Sending {
    int send() throws Exception;
  }

  /** Runs the sends on 8 threads, as concurrent deliveries from a sender arrive. */
  static List<Integer> sendConcurrently(List<Sending> sends) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> futures = new ArrayList<>();
      for (Sending send : sends) {
        futures.add(threads.submit(send::send));
      }
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> future : futures) {
        statuses.add(future.get(60, TimeUnit.SECONDS));
      }
      return statuses;
    } finally {
      threads.shutdownNow();
    }
  }
}
