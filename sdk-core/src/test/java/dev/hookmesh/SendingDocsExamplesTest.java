package dev.hookmesh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookmesh.delivery.Delivery;
import dev.hookmesh.delivery.DeliveryAttempt;
import dev.hookmesh.delivery.DeliveryEvent;
import dev.hookmesh.delivery.DeliveryListener;
import dev.hookmesh.delivery.DeliveryResult;
import dev.hookmesh.delivery.InMemoryDeliveryStore;
import dev.hookmesh.http.SsrfPolicy;
import dev.hookmesh.json.PayloadCodec;
import dev.hookmesh.retry.RetryPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The snippets of {@code docs/sending.md}: each test's body is one snippet, word for word. */
class SendingDocsExamplesTest {

  /** An event object, as an application would have one. */
  record Invoice(String id, long amountCents) {}

  private final LoopbackReceiver receiver = new LoopbackReceiver();
  private final WebhookClient client = LoopbackReceiver.clientBuilder().build();
  private final Endpoint endpoint = receiver.endpoint("ep_42");
  private final Invoice invoice = new Invoice("in_123", 4200);

  @AfterEach
  void closeAll() {
    client.close();
    receiver.close();
  }

  @Test
  void buildClient() {
    WebhookClient client = WebhookClient.builder()
        .retryPolicy(RetryPolicy.standardWebhooks())
        .ssrfPolicy(SsrfPolicy.builder().httpsOnly(true).build())
        .callTimeout(Duration.ofSeconds(10))
        .build();
    client.close();
  }

  @Test
  void defineEndpoints() {
    Endpoint simple = Endpoint.of("ep_42", "https://hooks.example.com/in", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    Endpoint tuned = Endpoint.builder("https://hooks.example.com/in")
        .id("ep_43")
        .key("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
        .key("whsec_dGhlIG5leHQga2V5IGR1cmluZyByb3RhdGlvbg==")
        .header("X-Customer", "acme")
        .retryPolicy(RetryPolicy.exponential())
        .callTimeout(Duration.ofSeconds(5))
        .maxConcurrency(2)
        .build();
  }

  @Test
  void buildMessages() {
    WebhookMessage fromObject = WebhookMessage.of("invoice.paid", invoice);
    WebhookMessage withOwnId = WebhookMessage.builder("invoice.paid")
        .id("msg_invoice_in_123_paid")
        .payload(invoice)
        .build();
    WebhookMessage raw = WebhookMessage.builder("invoice.paid")
        .body("<invoice id=\"in_123\"/>".getBytes(StandardCharsets.UTF_8), "application/xml")
        .build();
  }

  @Test
  void sendAndReturn() {
    Delivery delivery = client.send(endpoint, WebhookMessage.of("invoice.paid", invoice));
  }

  @Test
  void fanOut() throws Exception {
    List<Endpoint> subscribed = List.of(endpoint, receiver.endpoint("ep_43"));
    List<Delivery> deliveries = client.send(subscribed, WebhookMessage.of("invoice.paid", invoice));
    for (Delivery delivery : deliveries) {
      assertThat(delivery.result().get(1, TimeUnit.MINUTES).delivered()).isTrue();
    }
  }

  @Test
  void orderedDelivery() throws Exception {
    // Every status change of one order reaches each endpoint in the order it happened.
    WebhookMessage paid = WebhookMessage.builder("order.paid")
        .payload(invoice)
        .orderingKey("ord_1")
        .build();
    client.send(endpoint, paid);
    // An endpoint that must take everything in order, whatever the key.
    Endpoint ledger = receiver.endpoint("ep_ledger").newBuilder().ordered(true).build();
    Delivery entry = client.send(ledger, WebhookMessage.of("ledger.entry", invoice));
    assertThat(entry.result().get(1, TimeUnit.MINUTES).delivered()).isTrue();
  }

  @Test
  void awaitTheOutcome() throws Exception {
    Delivery delivery = client.send(endpoint, WebhookMessage.of("invoice.paid", invoice));
    DeliveryResult result = delivery.result().get(1, TimeUnit.MINUTES);
    assertThat(result.delivered()).isTrue();
  }

  @Test
  void sendAndAwait() throws Exception {
    DeliveryResult result = client.sendAndAwait(endpoint, WebhookMessage.of("invoice.paid", invoice), Duration.ofMinutes(1));
  }

  @Test
  void attemptOnce() {
    DeliveryAttempt attempt = client.attemptOnce(endpoint, WebhookMessage.of("test.ping", Map.of("hello", "world")));
    assertThat(attempt.status()).isEqualTo(204);
  }

  @Test
  void readTheRecord() throws Exception {
    WebhookMessage message = WebhookMessage.of("invoice.paid", invoice);
    client.send(endpoint, message).result().get(1, TimeUnit.MINUTES);

    List<DeliveryAttempt> attempts = client.store().attempts(message.id());
    long pending = client.store().pendingCount();
    assertThat(attempts).extracting(DeliveryAttempt::status).containsExactly(204);
  }

  @Test
  void listenToEvents() {
    DeliveryListener listener = event -> {
      if (event.type() == DeliveryEvent.Type.ENDPOINT_DISABLED) {
        System.out.println("Tell the customer: endpoint " + event.endpointId() + " was disabled");
      }
    };
    WebhookClient client = WebhookClient.builder().listener(listener).build();
    client.close();
  }

  @Test
  void redeliver() throws Exception {
    WebhookMessage message = WebhookMessage.of("invoice.paid", invoice);
    client.send(endpoint, message).result().get(1, TimeUnit.MINUTES);

    List<Delivery> again = client.redeliver(message.id());
    assertThat(again).hasSize(1);
  }

  @Test
  void resolveEndpointsAfterARestart() {
    Map<String, Endpoint> endpointsById = Map.of(endpoint.id(), endpoint);
    WebhookClient client = WebhookClient.builder()
        .store(new InMemoryDeliveryStore())
        .endpointResolver(id -> Optional.ofNullable(endpointsById.get(id)))
        .build();
    client.close();
  }

  @Test
  void keepMoreFinishedMessages() {
    InMemoryDeliveryStore store = InMemoryDeliveryStore.keepingFinished(50_000);
    WebhookClient client = WebhookClient.builder().store(store).build();
    client.close();
  }

  @Test
  void ownJsonMapper() {
    JsonMapper mapper = JsonMapper.builder().findAndAddModules().build();
    WebhookClient client = WebhookClient.builder()
        .payloadCodec(PayloadCodec.jackson(mapper))
        .build();
    client.close();
  }

  @SuppressWarnings("try") // the resource works while open; the body never names it
  @Test
  void closeGracefully() {
    try (WebhookClient client = WebhookClient.builder().closeTimeout(Duration.ofSeconds(10)).build()) {
      // send(...) until the application stops
    }
  }

  @Test
  void docsSnippetsAreTheBodiesOfTheseTests() {
    DocSnippets.assertSnippetsAreTestBodies("../docs/sending.md", SendingDocsExamplesTest.class, 16);
  }
}
