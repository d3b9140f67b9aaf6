package dev.hookmesh.samples.sender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.hookmesh.WebhookEvent;
import dev.hookmesh.WebhookVerifier;
import dev.hookmesh.samples.sender.CustomerReceiver.Request;
import dev.hookmesh.samples.sender.SenderApi.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
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
  @Autowired CustomerEndpoints endpoints;
  @Autowired SecretCipher cipher;

  private SenderApi api;

  @BeforeEach
  void connect() {
    api = new SenderApi(port, json);
  }

  private JsonNode register(CustomerReceiver receiver) {
    Response registered = api.post("/endpoints", "{\"url\": \"" + receiver.url() + "\"}");
    assertThat(registered.status()).isEqualTo(201);
    return registered.body();
  }

  private Response placeOrder(String endpointId, long amount) {
    return api.post("/orders",
        "{\"customerEndpointId\": \"" + endpointId + "\", \"amount\": " + amount + "}");
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

      Response shown = api.get("/endpoints/" + registered.path("id").asString());
      assertThat(shown.status()).isEqualTo(200);
      assertThat(shown.body().path("url").asString()).isEqualTo(receiver.url());
      assertThat(shown.body().path("health").path("circuit").asString()).isEqualTo("CLOSED");
      assertThat(shown.body().has("secret")).isFalse();
      assertThat(shown.body().toString()).doesNotContain(registered.path("secret").asString());
    }
  }

  @Test
  void storesTheSecretEncryptedAndBoundToItsEndpoint() throws Exception {
    try (CustomerReceiver receiver = CustomerReceiver.start()) {
      JsonNode registered = register(receiver);
      String id = registered.path("id").asString();
      String secret = registered.path("secret").asString();
      String key = secret.substring("whsec_".length());

      String stored = jdbc.queryForObject(
          "SELECT secret FROM customer_endpoint WHERE id = ?", String.class, id);

      assertThat(stored).startsWith("v1:").doesNotContain(secret).doesNotContain(key);
      assertThat(cipher.decrypt(id, stored)).isEqualTo(secret);
      assertThatThrownBy(() -> cipher.decrypt("ep_other", stored))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("Could not decrypt the secret of ep_other (wrong sample.secret-key?)");
    }
  }

  @Test
  void endpointUrlThatIsNotHttpIsABadRequest() {
    Response refused = api.post("/endpoints", "{\"url\": \"ftp://hooks.example.com/in\"}");

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body().path("detail").asString())
        .isEqualTo("Endpoint URL must be absolute http or https: ftp://hooks.example.com/in");
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM customer_endpoint WHERE url = ?",
        Integer.class, "ftp://hooks.example.com/in")).isZero();
  }

  @Test
  void placedOrderIsSignedWithTheSecretTheCustomerWasGiven() throws Exception {
    try (CustomerReceiver receiver = CustomerReceiver.start()) {
      JsonNode endpoint = register(receiver);

      Response placed = placeOrder(endpoint.path("id").asString(), 4200);
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
      String endpointId = register(receiver).path("id").asString();

      String messageId = placeOrder(endpointId, 1500).body().path("messageId").asString();

      await().atMost(DELIVERY).until(() -> attemptStatuses(messageId).equals(List.of(503, 204)));
      assertThat(receiver.received()).hasSize(2);
    }
  }

  @Test
  void rolledBackOrderSendsNothing() throws Exception {
    try (CustomerReceiver receiver = CustomerReceiver.start()) {
      String endpointId = register(receiver).path("id").asString();

      Response rejected = placeOrder(endpointId, 0);
      assertThat(rejected.status()).isEqualTo(422);
      String messageId = rejected.body().path("rolledBackMessageId").asString();
      assertThat(messageId).startsWith("msg_ord_");

      assertThat(api.get("/messages/" + messageId).status()).isEqualTo(404);
      assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM customer_order"
          + " WHERE customer_endpoint_id = ?", Integer.class, endpointId)).isZero();
      // Several poll intervals: a stored webhook would have been sent by then.
      await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2))
          .until(() -> receiver.received().isEmpty());
    }
  }

  @Test
  void orderForAnUnknownEndpointIsRejected() {
    Response rejected = placeOrder("ep_unknown", 4200);

    assertThat(rejected.status()).isEqualTo(422);
    assertThat(rejected.body().path("detail").asString())
        .isEqualTo("No customer endpoint ep_unknown");
  }

  @Test
  void redeliverySendsTheSameMessageAgain() throws Exception {
    try (CustomerReceiver receiver = CustomerReceiver.start()) {
      String endpointId = register(receiver).path("id").asString();
      String messageId = placeOrder(endpointId, 990).body().path("messageId").asString();
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
      String messageId = placeOrder(endpointId, 7300).body().path("messageId").asString();
      await().atMost(DELIVERY)
          .until(() -> attemptStatuses(messageId).equals(List.of(500, 500, 500)));

      // Until the client has finished the exhausted delivery there is nothing to recover yet.
      await().atMost(DELIVERY).until(() -> api.post("/endpoints/" + endpointId
          + "/recover?since=" + outageBegan, "").body().path("resent").size() == 1);

      await().atMost(DELIVERY)
          .until(() -> attemptStatuses(messageId).equals(List.of(500, 500, 500, 204)));
    }
  }

  @Test
  void endpointsAreResolvedFromTheTable() throws Exception {
    try (CustomerReceiver receiver = CustomerReceiver.start()) {
      String endpointId = register(receiver).path("id").asString();

      assertThat(endpoints.find(endpointId)).hasValueSatisfying(
          endpoint -> assertThat(endpoint.id()).isEqualTo(endpointId));
      assertThat(endpoints.find("ep_unknown")).isEmpty();
    }
  }
}
