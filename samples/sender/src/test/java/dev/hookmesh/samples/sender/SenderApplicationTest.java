package dev.hookmesh.samples.sender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hookmesh.WebhookEvent;
import dev.hookmesh.WebhookVerifier;
import dev.hookmesh.platform.WebhookRegistry;
import dev.hookmesh.samples.sender.CustomerReceiver.Request;
import dev.hookmesh.samples.sender.SenderApi.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sample end to end over HTTP: the customers' endpoints are local receivers, the SSRF guard
 * allows only the loopback address, and retries are milliseconds apart.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:sender-test;DB_CLOSE_DELAY=-1",
    "hookmesh.sender.ssrf.allow=127.0.0.1/32",
    "hookmesh.sender.retry.policy=exponential",
    "hookmesh.sender.retry.initial=20ms",
    "hookmesh.sender.retry.max-delay=200ms",
    "hookmesh.sender.retry.max-attempts=3",
    "hookmesh.sender.poll-interval=100ms"})
class SenderApplicationTest {

  private static final Duration DELIVERY = Duration.ofSeconds(10);

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  @Autowired JdbcTemplate jdbc;
  @Autowired WebhookRegistry registry;

  private SenderApi api;
  private String customer;

  @BeforeEach
  void connect(TestInfo test) {
    api = new SenderApi(port, json);
    customer = "cust_" + test.getTestMethod().orElseThrow().getName().hashCode();
    assertThat(api.post("/customers", "{\"id\": \"" + customer + "\", \"name\": \"Acme\"}")
        .status()).isEqualTo(201);
  }

  private JsonNode register(CustomerReceiver receiver) {
    Response registered = api.post("/customers/" + customer + "/endpoints",
        "{\"url\": \"" + receiver.url() + "\", \"eventTypes\": [\"order.*\"]}");
    assertThat(registered.status()).isEqualTo(201);
    return registered.body();
  }

  private String endpointPath(String endpointId) {
    return "/customers/" + customer + "/endpoints/" + endpointId;
  }

  private Response placeOrder(long amount) {
    return api.post("/orders",
        "{\"customerId\": \"" + customer + "\", \"amount\": " + amount + "}");
  }

  private List<Integer> attemptStatuses(String messageId) {
    return api.get("/messages/" + messageId).body().path("attempts").valueStream()
        .map(attempt -> attempt.path("status").asInt()).toList();
  }

  @Test
  void registeredEndpointShowsItsSecretOnlyOnce() throws Exception {
    try (CustomerReceiver receiver = CustomerReceiver.start()) {
      JsonNode registered = register(receiver);
      assertThat(registered.path("secret").asString()).startsWith("whsec_");

      Response shown = api.get(endpointPath(registered.path("id").asString()));
      assertThat(shown.status()).isEqualTo(200);
      assertThat(shown.body().path("registration").path("url").asString())
          .isEqualTo(receiver.url());
      assertThat(shown.body().path("health").path("circuit").asString()).isEqualTo("CLOSED");
      assertThat(shown.body().path("registration").has("secret")).isFalse();
      assertThat(shown.body().toString()).doesNotContain(registered.path("secret").asString());
    }
  }

  @Test
  void storesTheSecretEncryptedAndRotatesItWithAGracePeriod() throws Exception {
    try (CustomerReceiver receiver = CustomerReceiver.start()) {
      JsonNode registered = register(receiver);
      String id = registered.path("id").asString();
      String secret = registered.path("secret").asString();
      String key = secret.substring("whsec_".length());

      String stored = jdbc.queryForObject(
          "SELECT secret FROM hookmesh_app_endpoint WHERE id = ?", String.class, id);
      assertThat(stored).startsWith("v1.dev-1.").doesNotContain(secret).doesNotContain(key);
      assertThat(registry.revealSecret(customer, id)).isEqualTo(secret);

      Response rotated = api.post(endpointPath(id) + "/rotate", "");
      assertThat(rotated.status()).isEqualTo(200);
      String newSecret = rotated.body().path("secret").asString();
      assertThat(newSecret).startsWith("whsec_").isNotEqualTo(secret);
      assertThat(Instant.parse(rotated.body().path("oldSecretSignsUntil").asString()))
          .isAfter(Instant.now().plus(Duration.ofHours(23)));

      // Both secrets sign while the old one is in its grace period.
      String messageId = placeOrder(3100).body().path("messageId").asString();
      await().atMost(DELIVERY).until(() -> receiver.received().size() == 1);
      Request request = receiver.received().get(0);
      for (String either : List.of(secret, newSecret)) {
        assertThat(WebhookVerifier.builder().key(either).build()
            .verify(request.headers(), request.body()).id()).isEqualTo(messageId);
      }
    }
  }

  @Test
  void endpointUrlThatIsNotHttpIsABadRequest() {
    Response refused = api.post("/customers/" + customer + "/endpoints",
        "{\"url\": \"ftp://hooks.example.com/in\"}");

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body().path("detail").asString())
        .contains("ftp://hooks.example.com/in").contains("http or https");
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hookmesh_app_endpoint WHERE url = ?",
        Integer.class, "ftp://hooks.example.com/in")).isZero();
  }

  @Test
  void placedOrderIsSignedWithTheSecretTheCustomerWasGiven() throws Exception {
    try (CustomerReceiver receiver = CustomerReceiver.start()) {
      JsonNode endpoint = register(receiver);

      Response placed = placeOrder(4200);
      assertThat(placed.status()).isEqualTo(201);
      String messageId = placed.body().path("messageId").asString();

      await().atMost(DELIVERY).until(() -> receiver.received().size() == 1);
      Request request = receiver.received().get(0);
      WebhookEvent event = WebhookVerifier.builder().key(endpoint.path("secret").asString())
          .build().verify(request.headers(), request.body());
      assertThat(event.id()).isEqualTo(messageId);
      JsonNode payload = json.readTree(request.body());
      assertThat(payload.path("type").asString()).isEqualTo("order.created");
      assertThat(payload.path("orderId").asString())
          .isEqualTo(placed.body().path("orderId").asString());
      assertThat(payload.path("amount").asLong()).isEqualTo(4200);

      await().atMost(DELIVERY).until(() -> attemptStatuses(messageId).equals(List.of(204)));
      JsonNode shown = api.get("/messages/" + messageId).body();
      assertThat(shown.path("eventType").asString()).isEqualTo("order.created");
      assertThat(shown.path("payload").path("amount").asLong()).isEqualTo(4200);
      JsonNode attempt = shown.path("attempts").get(0);
      assertThat(attempt.path("attempt").asInt()).isEqualTo(1);
      assertThat(attempt.path("endpointId").asString()).isEqualTo(endpoint.path("id").asString());
      assertThat(attempt.has("startedAt")).isTrue();
      assertThat(attempt.has("durationMs")).isTrue();
    }
  }

  @Test
  void failingEndpointIsRetriedAndTheAttemptLogShowsBothAttempts() throws Exception {
    try (CustomerReceiver receiver = CustomerReceiver.start().answer(503)) {
      register(receiver);

      String messageId = placeOrder(1500).body().path("messageId").asString();

      await().atMost(DELIVERY).until(() -> attemptStatuses(messageId).equals(List.of(503, 204)));
      assertThat(receiver.received()).hasSize(2);
    }
  }

  @Test
  void rolledBackOrderSendsNothing() throws Exception {
    try (CustomerReceiver receiver = CustomerReceiver.start()) {
      register(receiver);

      Response rejected = placeOrder(0);
      assertThat(rejected.status()).isEqualTo(422);
      String messageId = rejected.body().path("rolledBackMessageId").asString();
      assertThat(messageId).startsWith("msg_");

      assertThat(api.get("/messages/" + messageId).status()).isEqualTo(404);
      assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM customer_order"
          + " WHERE customer_id = ?", Integer.class, customer)).isZero();
      // Several poll intervals: a stored webhook would have been sent by then.
      await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2))
          .until(() -> receiver.received().isEmpty());
    }
  }

  @Test
  void orderForAnUnknownCustomerIsRejected() {
    Response rejected = api.post("/orders", "{\"customerId\": \"cust_unknown\", \"amount\": 1}");

    assertThat(rejected.status()).isEqualTo(422);
    assertThat(rejected.body().path("detail").asString()).isEqualTo("No customer cust_unknown");
  }

  @Test
  void redeliverySendsTheSameMessageAgain() throws Exception {
    try (CustomerReceiver receiver = CustomerReceiver.start()) {
      register(receiver);
      String messageId = placeOrder(990).body().path("messageId").asString();
      await().atMost(DELIVERY).until(() -> attemptStatuses(messageId).equals(List.of(204)));

      Response redelivered = api.post("/messages/" + messageId + "/redeliver", "");

      assertThat(redelivered.status()).isEqualTo(202);
      await().atMost(DELIVERY).until(() -> receiver.received().size() == 2);
      assertThat(receiver.received()).extracting(request -> request.headers().get("Webhook-id"))
          .containsOnly(List.of(messageId));
    }
  }

  @Test
  void recoverySendsAgainWhatFailedDuringAnOutage() throws Exception {
    try (CustomerReceiver receiver = CustomerReceiver.start().answer(500, 500, 500)) {
      String endpointId = register(receiver).path("id").asString();
      Instant outageBegan = Instant.now().minusSeconds(1);
      String messageId = placeOrder(7300).body().path("messageId").asString();
      await().atMost(DELIVERY)
          .until(() -> attemptStatuses(messageId).equals(List.of(500, 500, 500)));

      // Until the client has finished the exhausted delivery there is nothing to recover yet.
      await().atMost(DELIVERY).until(() -> api.post(endpointPath(endpointId)
          + "/recover?since=" + outageBegan, "").body().path("resent").size() == 1);

      await().atMost(DELIVERY)
          .until(() -> attemptStatuses(messageId).equals(List.of(500, 500, 500, 204)));
    }
  }

  @Test
  void anEndpointGetsOnlyTheEventTypesItSubscribesTo() throws Exception {
    try (CustomerReceiver orders = CustomerReceiver.start();
        CustomerReceiver invoices = CustomerReceiver.start()) {
      register(orders);
      assertThat(api.post("/customers/" + customer + "/endpoints", "{\"url\": \""
          + invoices.url() + "\", \"eventTypes\": [\"invoice.*\"]}").status()).isEqualTo(201);

      Response placed = placeOrder(800);

      assertThat(placed.body().path("endpoints").asInt()).isEqualTo(1);
      await().atMost(DELIVERY).until(() -> orders.received().size() == 1);
      assertThat(invoices.received()).isEmpty();
    }
  }

  @Test
  void anotherCustomersEndpointIsNotFound() throws Exception {
    try (CustomerReceiver receiver = CustomerReceiver.start()) {
      String endpointId = register(receiver).path("id").asString();
      api.post("/customers", "{\"id\": \"cust_other\", \"name\": \"Other\"}");

      Response shown = api.get("/customers/cust_other/endpoints/" + endpointId);

      assertThat(shown.status()).isEqualTo(404);
      assertThat(shown.body().toString()).doesNotContain(receiver.url());
    }
  }
}
