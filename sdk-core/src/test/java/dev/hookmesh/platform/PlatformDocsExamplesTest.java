package dev.hookmesh.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookmesh.DocSnippets;
import dev.hookmesh.LoopbackReceiver;
import dev.hookmesh.WebhookClient;
import dev.hookmesh.WebhookMessage;
import dev.hookmesh.WebhookVerifier;
import dev.hookmesh.delivery.DeliveryResult;
import dev.hookmesh.delivery.DeliveryStore;
import dev.hookmesh.delivery.InMemoryDeliveryStore;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The snippets of {@code docs/platform.md}, each a {@code // docs:} region here, run against a
 * receiver on 127.0.0.1 and checked.
 */
class PlatformDocsExamplesTest {

  /** An event object, as an application would have one. */
  record Invoice(String id, long amountCents) {}

  private final LoopbackReceiver receiver = new LoopbackReceiver();
  private final Invoice invoice = new Invoice("in_123", 4200);
  private final String currentKeyBase64 = EncryptionKey.generate("k").toBase64();
  private final String newKeyBase64 = EncryptionKey.generate("k").toBase64();
  private WebhookClient client;
  private WebhookRegistry registry;

  @AfterEach
  void close() {
    if (client != null) {
      client.close();
    }
    receiver.close();
  }

  @Test
  void snippetsAreTheRegionsOfThisClass() {
    DocSnippets.assertSnippetsAreRegions("../docs/platform.md", PlatformDocsExamplesTest.class);
  }

  private WebhookPublisher platform(DeliveryStore deliveries, RegistryStore registryStore) {
    // docs:setup
    EncryptionKeys keys = EncryptionKeys.of(EncryptionKey.fromBase64("2026-11", currentKeyBase64));
    WebhookRegistry registry = WebhookRegistry.builder(registryStore, keys)
        .deliveryStore(deliveries)
        .build();
    WebhookClient client = WebhookClient.builder()
        .store(deliveries)
        .endpointResolver(registry)   // pending deliveries find their endpoint after a restart
        .build();
    WebhookPublisher publisher = WebhookPublisher.builder(registry, client).build();
    // end
    client.close(); // the same, for the loopback receiver:
    this.registry = registry;
    this.client = LoopbackReceiver.clientBuilder().store(deliveries).endpointResolver(registry)
        .build();
    return WebhookPublisher.builder(registry, this.client).build();
  }

  @Test
  void publishesToTheSubscribedEndpointsOfAnApplication() throws Exception {
    InMemoryDeliveryStore deliveries = new InMemoryDeliveryStore();
    WebhookPublisher publisher = platform(deliveries, new InMemoryRegistryStore());
    String url = receiver.url("/hooks");

    // docs:catalog
    registry.defineEventType(EventTypeSpec.builder("invoice.paid")
        .description("An invoice was paid in full.")
        .schema("""
            {"type": "object", "required": ["id", "amountCents"],
             "properties": {"id": {"type": "string"}, "amountCents": {"type": "integer"}}}""")
        .example("""
            {"id": "in_123", "amountCents": 4200}""")
        .build());
    // end

    // docs:register
    registry.createApplication(ApplicationSpec.builder("Acme Corp").id("cust_42")
        .metadata("plan", "enterprise")
        .build());
    CreatedEndpoint created = registry.createEndpoint("cust_42", EndpointSpec.builder(url)
        .description("Billing system")
        .eventTypes("invoice.*")
        .header("X-Acme-Tenant", "eu-1")
        .build());
    String secret = created.secret();   // show it to the customer now; later: revealSecret
    // end

    // docs:publish
    Publication published = publisher.publish("cust_42", WebhookMessage.builder("invoice.paid")
        .id("invoice-in_123-paid")   // the idempotency key
        .payload(invoice)
        .build());
    // end

    assertThat(published.deliveries()).hasSize(1);
    DeliveryResult result = published.deliveries().get(0).result().get(30, TimeUnit.SECONDS);
    assertThat(result.delivered()).isTrue();
    RecordedRequest request = receiver.requests().get(0);
    assertThat(WebhookVerifier.builder().key(secret).build()
        .verify(request.getHeaders().toMultimap(), request.getBody().toByteArray()).id())
        .isEqualTo(published.webhookId());
    assertThat(request.getHeaders().get("X-Acme-Tenant")).isEqualTo("eu-1");

    // docs:idempotent
    Publication again = publisher.publish("cust_42", WebhookMessage.builder("invoice.paid")
        .id("invoice-in_123-paid")
        .payload(invoice)
        .build());
    // again.duplicate() is true: nothing was sent, and again.deliveries() are the first ones
    // end
    assertThat(again.duplicate()).isTrue();
    assertThat(receiver.count()).isOne();

    // docs:refused
    try {
      publisher.publish("cust_42", WebhookMessage.of("invoice.paid", Map.of("id", 123)));
    } catch (PlatformException e) {
      // e.reason() is INVALID_PAYLOAD, and e.getMessage() says where:
      // "The payload does not match the schema of invoice.paid: /id: ..."
    }
    // end
    assertThatThrownBy(() -> publisher.publish("cust_42",
        WebhookMessage.of("invoice.paid", Map.of("id", 123))))
        .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(e.reason())
            .isEqualTo(PlatformException.Reason.INVALID_PAYLOAD))
        .hasMessageStartingWith("The payload does not match the schema of invoice.paid: /id");
    assertThat(receiver.count()).isOne();
  }

  @Test
  void routesByChannelAndKeepsOrderPerKey() {
    InMemoryDeliveryStore deliveries = new InMemoryDeliveryStore();
    WebhookPublisher publisher = platform(deliveries, new InMemoryRegistryStore());
    registry.defineEventType(EventTypeSpec.builder("order.updated").build());
    registry.createApplication(ApplicationSpec.builder("Acme Corp").id("cust_42").build());
    String url = receiver.url("/orders");

    // docs:ordered
    registry.createEndpoint("cust_42", EndpointSpec.builder(url)
        .eventTypes("order.*")
        .channels("store-berlin")
        .ordered(true)   // one delivery at a time, in publish order
        .build());
    publisher.publish("cust_42", WebhookMessage.builder("order.updated")
        .id("order-1001-v7")
        .orderingKey("order-1001")   // or per message key, on any endpoint
        .payload(Map.of("order", "1001", "status", "shipped"))
        .build(), Set.of("store-berlin"));
    // end

    assertThat(publisher.publish("cust_42", WebhookMessage.builder("order.updated")
        .id("order-1002-v1").payload(Map.of()).build(), Set.of("store-paris")).deliveries())
        .isEmpty();
    assertThat(registry.endpoints("cust_42").get(0).ordered()).isTrue();
  }

  @Test
  void rotatesSecretsAndKeys() {
    InMemoryDeliveryStore deliveries = new InMemoryDeliveryStore();
    InMemoryRegistryStore store = new InMemoryRegistryStore();
    WebhookPublisher publisher = platform(deliveries, store);
    registry.createApplication(ApplicationSpec.builder("Acme Corp").id("cust_42").build());
    String endpointId = registry.createEndpoint("cust_42",
        EndpointSpec.builder(receiver.url("/hooks")).build()).registration().id();
    String before = registry.revealSecret("cust_42", endpointId);

    // docs:rotate
    String newSecret = registry.rotateSecret("cust_42", endpointId, Duration.ofHours(24));
    // Until then the old secret signs too: webhook-signature carries both.
    EndpointRegistration rotated = registry.endpoint("cust_42", endpointId);
    rotated.previousSecretExpiresAt();
    // end
    assertThat(newSecret).isNotEqualTo(before).startsWith("whsec_");
    assertThat(rotated.previousSecretExpiresAt()).isNotNull();

    // docs:keys
    EncryptionKeys keys = EncryptionKeys.of(
        EncryptionKey.fromBase64("2027-05", newKeyBase64),
        EncryptionKey.fromBase64("2026-11", currentKeyBase64));   // still decrypts
    WebhookRegistry rekeyed = WebhookRegistry.builder(store, keys).build();
    int reencrypted = rekeyed.reencryptSecrets();   // then "2026-11" can go
    // end
    assertThat(reencrypted).isOne();
    WebhookRegistry newKeyOnly = WebhookRegistry.builder(store,
        EncryptionKeys.of(EncryptionKey.fromBase64("2027-05", newKeyBase64))).build();
    assertThat(newKeyOnly.revealSecret("cust_42", endpointId)).isEqualTo(newSecret);
  }
}
