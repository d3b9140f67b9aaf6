package dev.hookmesh.platform;

import static dev.hookmesh.LoopbackReceiver.body;
import static dev.hookmesh.LoopbackReceiver.headers;
import static dev.hookmesh.LoopbackReceiver.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.hookmesh.LoopbackReceiver;
import dev.hookmesh.TestClock;
import dev.hookmesh.WebhookClient;
import dev.hookmesh.WebhookMessage;
import dev.hookmesh.WebhookVerificationException;
import dev.hookmesh.WebhookVerifier;
import dev.hookmesh.delivery.Delivery;
import dev.hookmesh.delivery.DeliveryOutcome;
import dev.hookmesh.delivery.DeliveryResult;
import dev.hookmesh.delivery.InMemoryDeliveryStore;
import dev.hookmesh.delivery.MessageQuery;
import dev.hookmesh.platform.PlatformException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The registry and the publisher in one process, on the in-memory stores, with real HTTP to a
 * receiver on 127.0.0.1: fan-out by subscription, the catalog, idempotency, secrets and their
 * rotation, and the errors that store nothing.
 */
class WebhookPlatformTest {

  static final EncryptionKeys KEYS = EncryptionKeys.of(EncryptionKey.generate("k1"));

  private final LoopbackReceiver receiver = new LoopbackReceiver();
  private final TestClock clock = new TestClock(Instant.now());
  private final InMemoryDeliveryStore deliveries = new InMemoryDeliveryStore();
  private final RegistryStore registryStore = new InMemoryRegistryStore(clock);
  private WebhookRegistry registry;
  private WebhookClient client;
  private WebhookPublisher publisher;

  @BeforeEach
  void platform() {
    registry = WebhookRegistry.builder(registryStore, KEYS).clock(clock)
        .deliveryStore(deliveries).build();
    client = LoopbackReceiver.clientBuilder().store(deliveries).endpointResolver(registry).build();
    publisher = WebhookPublisher.builder(registry, client).build();
    registry.defineEventType(EventTypeSpec.builder("invoice.paid").description("Paid").build());
    registry.defineEventType(EventTypeSpec.builder("invoice.created").build());
    registry.defineEventType(EventTypeSpec.builder("order.created").build());
    registry.defineEventType(EventTypeSpec.builder("order.legacy").deprecated(true).build());
    registry.defineEventType(EventTypeSpec.builder("order.retired").archived(true).build());
  }

  @AfterEach
  void close() {
    client.close();
    receiver.close();
  }

  private String url(String name) {
    return receiver.url("/hooks/" + name);
  }

  private static WebhookMessage message(String type, String id) {
    return WebhookMessage.builder(type).id(id).payload(Map.of("id", id)).build();
  }

  /** Which of the endpoints (by the last part of their path) a request reached. */
  private Set<String> reached() {
    return receiver.requests().stream().map(r -> r.getUrl().encodedPath())
        .map(path -> path.substring(path.lastIndexOf('/') + 1)).collect(Collectors.toSet());
  }

  private static void awaitDone(Publication publication) {
    for (Delivery delivery : publication.deliveries()) {
      delivery.result().orTimeout(30, TimeUnit.SECONDS).join();
    }
  }

  // Applications and endpoints

  @Test
  void applicationsAreCreatedWithTheProvidersIdOrAGeneratedOneAndChangedOrDeleted() {
    Application acme = registry.createApplication(ApplicationSpec.builder("Acme").id("cust_42")
        .metadata("plan", "pro").build());
    Application other = registry.createApplication(ApplicationSpec.builder("Other").build());

    assertThat(acme.id()).isEqualTo("cust_42");
    assertThat(other.id()).matches("app_[0-9a-z]{26}");
    assertThatThrownBy(() -> registry.createApplication(
        ApplicationSpec.builder("Again").id("cust_42").build()))
        .isInstanceOfSatisfying(PlatformException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.ALREADY_EXISTS));
    clock.advance(Duration.ofSeconds(5));
    Application renamed = registry.updateApplication("cust_42",
        ApplicationSpec.builder("Acme Corp").rateLimit(20).build());
    assertThat(renamed.name()).isEqualTo("Acme Corp");
    assertThat(renamed.metadata()).isEmpty();
    assertThat(renamed.createdAt()).isEqualTo(acme.createdAt());
    assertThat(renamed.updatedAt()).isAfter(acme.updatedAt());
    registry.deleteApplication("cust_42");
    assertThat(registry.findApplication("cust_42")).isEmpty();
    assertThatThrownBy(() -> registry.deleteApplication("cust_42"))
        .isInstanceOfSatisfying(PlatformException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND));
  }

  @Test
  void changeNotesForOtherInstancesAreForgottenAfterAnHour() {
    registry.createApplication(ApplicationSpec.builder("Acme").id("acme").build());
    Instant created = clock.instant();
    assertThat(registryStore.changedSince(created.minusSeconds(1))).containsExactly("acme");

    clock.advance(Duration.ofMinutes(59));
    registry.find("ep_unknown"); // reads change notes, too young to purge
    assertThat(registryStore.changedSince(created.minusSeconds(1))).containsExactly("acme");

    clock.advance(Duration.ofMinutes(2));
    registry.find("ep_unknown");
    assertThat(registryStore.changedSince(created.minusSeconds(1))).isEmpty();
  }

  @Test
  void anEndpointIsRegisteredWithANewSecretShownOnceAndRevealedOnRequest() {
    registry.createApplication(ApplicationSpec.builder("Acme").id("acme").build());

    CreatedEndpoint created = registry.createEndpoint("acme",
        EndpointSpec.builder(url("a") + "?token=t0ps3cret").eventTypes("invoice.*")
            .header("X-Team", "billing").build());

    assertThat(created.secret()).startsWith("whsec_");
    assertThat(registry.revealSecret("acme", created.registration().id()))
        .isEqualTo(created.secret());
    assertThat(created.toString()).doesNotContain(created.secret()).contains("redacted");
    assertThat(created.registration().toString()).doesNotContain("t0ps3cret")
        .doesNotContain("billing");
    assertThat(created.registration().shownUrl()).doesNotContain("t0ps3cret");
    assertThat(registryStore.endpoint(created.registration().id()).orElseThrow().secret())
        .as("stored encrypted").doesNotContain(created.secret().substring(6));
    assertThat(registry.endpoints("acme")).extracting(EndpointRegistration::id)
        .containsExactly(created.registration().id());
  }

  @Test
  void anEndpointOfOneApplicationIsNotFoundThroughAnother() {
    registry.createApplication(ApplicationSpec.builder("A").id("a").build());
    registry.createApplication(ApplicationSpec.builder("B").id("b").build());
    String id = registry.createEndpoint("a", EndpointSpec.builder(url("x")).build())
        .registration().id();

    assertThat(registry.findEndpoint("b", id)).isEmpty();
    for (Runnable call : List.<Runnable>of(
        () -> registry.revealSecret("b", id),
        () -> registry.rotateSecret("b", id, Duration.ZERO),
        () -> registry.deleteEndpoint("b", id),
        () -> registry.updateEndpoint("b", id, EndpointSpec.builder(url("y")).build()))) {
      assertThatThrownBy(call::run).isInstanceOfSatisfying(PlatformException.class,
          e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND));
    }
    assertThat(registry.findEndpoint("a", id)).isPresent();
  }

  // Fan-out

  static Stream<Arguments> fanOut() {
    return Stream.of(
        Arguments.of("invoice.paid", Set.of(), Set.of("all", "invoices", "paid")),
        Arguments.of("invoice.created", Set.of(), Set.of("all", "invoices")),
        Arguments.of("order.created", Set.of(), Set.of("all", "orders")),
        Arguments.of("invoice.paid", Set.of("eu"), Set.of("all", "invoices", "paid", "eu")),
        Arguments.of("invoice.paid", Set.of("us"), Set.of("all", "invoices", "paid")),
        Arguments.of("order.legacy", Set.of(), Set.of("all", "orders")));
  }

  @ParameterizedTest(name = "{0} on {1} reaches {2}")
  @MethodSource
  void fanOut(String eventType, Set<String> channels, Set<String> expected) {
    registry.createApplication(ApplicationSpec.builder("Acme").id("acme").build());
    registry.createApplication(ApplicationSpec.builder("Other").id("other").build());
    register("acme", "all", EndpointSpec.builder(url("all")));
    register("acme", "invoices", EndpointSpec.builder(url("invoices")).eventTypes("invoice.*"));
    register("acme", "paid", EndpointSpec.builder(url("paid")).eventTypes("invoice.paid"));
    register("acme", "orders", EndpointSpec.builder(url("orders")).eventTypes("order.*"));
    register("acme", "eu", EndpointSpec.builder(url("eu")).eventTypes("invoice.*")
        .channels("eu"));
    register("acme", "disabled", EndpointSpec.builder(url("disabled")).enabled(false));
    String deleted = register("acme", "deleted", EndpointSpec.builder(url("deleted")));
    registry.deleteEndpoint("acme", deleted);
    register("other", "others", EndpointSpec.builder(url("others")));

    Publication publication = publisher.publish("acme", message(eventType, "msg_1"), channels);

    awaitDone(publication);
    assertThat(publication.deliveries()).hasSize(expected.size());
    assertThat(reached()).isEqualTo(expected);
  }

  private String register(String application, String name, EndpointSpec.Builder spec) {
    return registry.createEndpoint(application, spec.description(name).build()).registration()
        .id();
  }

  // The delivery log

  @Test
  void theLogShowsAnApplicationOnlyItsOwnMessagesAttemptsAndStatistics() {
    registry.createApplication(ApplicationSpec.builder("Acme").id("acme").build());
    registry.createApplication(ApplicationSpec.builder("Other").id("other").build());
    String acmeEndpoint = register("acme", "a", EndpointSpec.builder(url("a")));
    register("other", "b", EndpointSpec.builder(url("b")));
    Publication acme = publisher.publish("acme", message("invoice.paid", "inv_1"));
    Publication other = publisher.publish("other", message("invoice.paid", "inv_1"));
    awaitDone(acme);
    awaitDone(other);

    assertThat(publisher.messages(MessageQuery.of("acme")))
        .extracting(stored -> stored.message().id()).containsExactly(acme.webhookId());
    assertThat(publisher.message("acme", other.webhookId())).isEmpty();
    assertThat(publisher.attempts("acme", acme.webhookId())).hasSize(1);
    assertThatThrownBy(() -> publisher.attempts("acme", other.webhookId()))
        .isInstanceOfSatisfying(PlatformException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND));
    // Statistics count finished deliveries: read them before the redelivery reopens one.
    EndpointStats stats = await().atMost(Duration.ofSeconds(10)).until(
        () -> publisher.endpointStats("acme", acmeEndpoint, Duration.ofHours(1)),
        counted -> counted.attempts() == 1);
    assertThat(stats.successRate()).isEqualTo(1.0);
    assertThat(stats.p50()).isNotNull();
    assertThatThrownBy(() -> publisher.endpointStats("other", acmeEndpoint, Duration.ofHours(1)))
        .isInstanceOf(PlatformException.class);

    assertThatThrownBy(() -> publisher.redeliver("acme", other.webhookId()))
        .isInstanceOf(PlatformException.class);
    assertThat(publisher.redeliver("acme", acme.webhookId())).hasSize(1);
  }

  @Test
  void anExampleEventGoesToOneEndpointAsAMessageOfItsOwn() {
    registry.defineEventType(EventTypeSpec.builder("invoice.voided")
        .example("{\"id\": \"in_1\", \"voided\": true}").build());
    registry.createApplication(ApplicationSpec.builder("Acme").id("acme").build());
    String tested = register("acme", "tested", EndpointSpec.builder(url("tested")));
    register("acme", "untouched", EndpointSpec.builder(url("untouched")));

    Delivery delivery = publisher.sendExample("acme", tested, "invoice.voided");

    assertThat(delivery.result().orTimeout(30, TimeUnit.SECONDS).join().delivered()).isTrue();
    assertThat(reached()).containsExactly("tested");
    assertThat(new String(receiver.requests().get(0).getBody().toByteArray(),
        StandardCharsets.UTF_8)).isEqualTo("{\"id\": \"in_1\", \"voided\": true}");
    assertThat(publisher.messages(MessageQuery.of("acme")))
        .extracting(stored -> stored.message().id()).containsExactly(delivery.messageId());
    assertThatThrownBy(() -> publisher.sendExample("acme", tested, "invoice.paid"))
        .hasMessageContaining("has no example payload");
  }

  @Test
  void aGoneEndpointsDeliveryFinishesWithoutARequest() {
    registry.createApplication(ApplicationSpec.builder("Acme").id("acme").build());
    register("acme", "gone", EndpointSpec.builder(url("gone")));
    receiver.answer(request -> status(410));
    awaitDone(publisher.publish("acme", message("invoice.paid", "msg_1")));
    int requests = receiver.count();

    Publication next = publisher.publish("acme", message("invoice.paid", "msg_2"));

    assertThat(next.deliveries().get(0).result().join().outcome())
        .isEqualTo(DeliveryOutcome.ENDPOINT_GONE);
    assertThat(receiver.count()).isEqualTo(requests);
  }

  @Test
  void aDeletedEndpointsPendingDeliveriesEndInsteadOfWaiting() {
    client.close();
    client = LoopbackReceiver.clientBuilder().store(deliveries).endpointResolver(registry)
        .retryPolicy(dev.hookmesh.retry.RetryPolicy.fixedSchedule(Duration.ofMillis(300),
            Duration.ofMillis(300), Duration.ofMillis(300)))
        .build();
    publisher = WebhookPublisher.builder(registry, client).build();
    registry.createApplication(ApplicationSpec.builder("Acme").id("acme").build());
    String id = register("acme", "down", EndpointSpec.builder(url("down")));
    receiver.answer(request -> status(503));
    Publication publication = publisher.publish("acme", message("invoice.paid", "msg_1"));
    // By the second attempt the sender has asked the registry for the endpoint again.
    await().atMost(Duration.ofSeconds(10)).until(() -> receiver.count() >= 2);

    registry.deleteEndpoint("acme", id);
    int atDeletion = receiver.count();

    DeliveryResult result = publication.deliveries().get(0).result()
        .orTimeout(30, TimeUnit.SECONDS).join();
    assertThat(result.outcome()).isEqualTo(DeliveryOutcome.ENDPOINT_GONE);
    assertThat(receiver.count()).as("at most the attempt in flight at the deletion")
        .isLessThanOrEqualTo(atDeletion + 1);
    assertThat(deliveries.pendingCount()).isZero();
  }

  // The catalog

  @Test
  void anUnknownOrArchivedEventTypeIsRefusedAndNothingIsStored() {
    registry.createApplication(ApplicationSpec.builder("Acme").id("acme").build());
    register("acme", "all", EndpointSpec.builder(url("all")));

    assertThatThrownBy(() -> publisher.publish("acme", message("invoice.voided", "msg_1")))
        .isInstanceOfSatisfying(PlatformException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_EVENT_TYPE);
          assertThat(e.getMessage()).contains("invoice.voided is not in the catalog")
              .contains("invoice.paid").doesNotContain("order.retired");
        });
    assertThatThrownBy(() -> publisher.publish("acme", message("order.retired", "msg_2")))
        .hasMessageContaining("order.retired is archived");
    assertThat(deliveries.message(WebhookPublisher.webhookId("acme", "msg_1"))).isEmpty();
    assertThat(deliveries.message(WebhookPublisher.webhookId("acme", "msg_2"))).isEmpty();
    assertThat(receiver.count()).isZero();

    WebhookPublisher lenient = WebhookPublisher.builder(registry, client).lenientCatalog().build();
    awaitDone(lenient.publish("acme", message("invoice.voided", "msg_3")));
    assertThat(receiver.count()).isOne();
  }

  @Test
  void aPayloadThatDoesNotMatchItsSchemaIsRefusedSayingWhere() {
    registry.defineEventType(EventTypeSpec.builder("invoice.paid")
        .schema("{\"type\": \"object\", \"required\": [\"invoice\", \"amount\"],"
            + " \"properties\": {\"invoice\": {\"type\": \"string\"},"
            + " \"amount\": {\"type\": \"integer\", \"minimum\": 1}}}")
        .example("{\"invoice\": \"in_1\", \"amount\": 4200}")
        .build());
    registry.createApplication(ApplicationSpec.builder("Acme").id("acme").build());
    register("acme", "all", EndpointSpec.builder(url("all")));

    assertThatThrownBy(() -> publisher.publish("acme", WebhookMessage.builder("invoice.paid")
        .id("msg_bad").payload(Map.of("invoice", "in_1", "amount", "lots")).build()))
        .isInstanceOfSatisfying(PlatformException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.INVALID_PAYLOAD);
          assertThat(e.getMessage()).contains("invoice.paid").contains("/amount");
        });
    assertThat(deliveries.message(WebhookPublisher.webhookId("acme", "msg_bad"))).isEmpty();

    awaitDone(publisher.publish("acme", WebhookMessage.builder("invoice.paid").id("msg_ok")
        .payload(Map.of("invoice", "in_1", "amount", 4200)).build()));
    assertThat(receiver.count()).isOne();
  }

  @Test
  void aSchemaOrExampleThatIsWrongIsRefusedWhenDefined() {
    assertThatThrownBy(() -> EventTypeSpec.builder("a.b").schema("{not json").build())
        .isInstanceOfSatisfying(PlatformException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.INVALID));
    assertThatThrownBy(() -> EventTypeSpec.builder("a.b").schema("{\"type\": 42}").build())
        .hasMessageContaining("not a JSON Schema");
    assertThatThrownBy(() -> EventTypeSpec.builder("a.b")
        .schema("{\"type\": \"object\", \"required\": [\"id\"]}").example("{}").build())
        .hasMessageContaining("The example of a.b does not match its schema");
    assertThatThrownBy(() -> EventTypeSpec.builder("a b")).hasMessageContaining("not valid");
  }

  // Idempotency

  @Test
  void publishingTheSameIdAgainReturnsTheFirstDeliveriesAndSendsNothing() {
    registry.createApplication(ApplicationSpec.builder("Acme").id("acme").build());
    registry.createApplication(ApplicationSpec.builder("Other").id("other").build());
    register("acme", "one", EndpointSpec.builder(url("one")));
    register("other", "two", EndpointSpec.builder(url("two")));
    Publication first = publisher.publish("acme", message("invoice.paid", "inv_1-paid"));
    awaitDone(first);
    register("acme", "late", EndpointSpec.builder(url("late")));

    Publication again = publisher.publish("acme", message("invoice.paid", "inv_1-paid"));
    Publication elsewhere = publisher.publish("other", message("invoice.paid", "inv_1-paid"));
    awaitDone(elsewhere);

    assertThat(again.duplicate()).isTrue();
    assertThat(again.webhookId()).isEqualTo(first.webhookId());
    assertThat(again.deliveries()).extracting(Delivery::endpointId)
        .containsExactlyElementsOf(first.deliveries().stream().map(Delivery::endpointId).toList());
    assertThat(again.deliveries().get(0).result().join().delivered()).isTrue();
    assertThat(elsewhere.duplicate()).isFalse();
    assertThat(elsewhere.webhookId()).isNotEqualTo(first.webhookId());
    assertThat(reached()).containsExactlyInAnyOrder("one", "two");
    assertThat(receiver.count()).isEqualTo(2);
    assertThat(receiver.requests().get(0).getHeaders().get("webhook-id"))
        .isEqualTo(first.webhookId());
  }

  @Test
  void aMessageNoEndpointSubscribesToIsKeptForIdempotency() {
    registry.createApplication(ApplicationSpec.builder("Acme").id("acme").build());

    Publication first = publisher.publish("acme", message("invoice.paid", "msg_1"));
    Publication again = publisher.publish("acme", message("invoice.paid", "msg_1"));

    assertThat(first.deliveries()).isEmpty();
    assertThat(again.duplicate()).isTrue();
    assertThat(deliveries.message(first.webhookId())).map(WebhookMessage::application)
        .contains("acme");
  }

  // Secrets

  @Test
  void aRotatedSecretSignsBesideTheNewOneForTheGracePeriodThenStops() throws Exception {
    registry.createApplication(ApplicationSpec.builder("Acme").id("acme").build());
    CreatedEndpoint created = registry.createEndpoint("acme",
        EndpointSpec.builder(url("rotating")).build());
    String id = created.registration().id();
    String old = created.secret();

    String fresh = registry.rotateSecret("acme", id, Duration.ofHours(24));
    awaitDone(publisher.publish("acme", message("invoice.paid", "during")));
    clock.advance(Duration.ofHours(24).plusSeconds(1));
    awaitDone(publisher.publish("acme", message("invoice.paid", "after")));

    assertThat(fresh).startsWith("whsec_").isNotEqualTo(old);
    assertThat(registry.revealSecret("acme", id)).isEqualTo(fresh);
    RecordedRequest during = receiver.requests().get(0);
    RecordedRequest after = receiver.requests().get(1);
    for (String secret : List.of(old, fresh)) {
      assertThat(verifies(secret, during)).as("during the grace period").isTrue();
      assertThat(standardWebhooksVerifies(secret, during)).isTrue();
    }
    assertThat(verifies(fresh, after)).isTrue();
    assertThat(standardWebhooksVerifies(fresh, after)).isTrue();
    assertThat(verifies(old, after)).as("after the grace period").isFalse();
    assertThat(standardWebhooksVerifies(old, after)).isFalse();
    assertThat(registry.endpoint("acme", id).previousSecretExpiresAt()).isNotNull();
  }

  @Test
  void anEd25519EndpointGivesItsReceiverThePublicKey() throws Exception {
    registry.createApplication(ApplicationSpec.builder("Acme").id("acme").build());
    CreatedEndpoint created = registry.createEndpoint("acme",
        EndpointSpec.builder(url("ed")).keyType(KeyType.ED25519).build());

    awaitDone(publisher.publish("acme", message("invoice.paid", "msg_1")));

    assertThat(created.secret()).startsWith("whpk_");
    assertThat(verifies(created.secret(), receiver.requests().get(0))).isTrue();
    String rotated = registry.rotateSecret("acme", created.registration().id(), Duration.ZERO);
    assertThat(rotated).startsWith("whpk_").isNotEqualTo(created.secret());
  }

  @Test
  void aSecretIsUnreadableWithoutItsKeyAndBoundToItsEndpoint() {
    registry.createApplication(ApplicationSpec.builder("Acme").id("acme").build());
    String a = registry.createEndpoint("acme", EndpointSpec.builder(url("a")).build())
        .registration().id();
    String b = registry.createEndpoint("acme", EndpointSpec.builder(url("b")).build())
        .registration().id();
    EndpointRecord recordA = registryStore.endpoint(a).orElseThrow();
    EndpointRecord recordB = registryStore.endpoint(b).orElseThrow();
    registryStore.updateEndpoint(new EndpointRecord(recordB.registration(), recordA.secret(),
        null));

    assertThatThrownBy(() -> registry.revealSecret("acme", b))
        .hasMessageContaining("copied from another endpoint").hasMessageNotContaining("whsec_");
    WebhookRegistry otherKey = WebhookRegistry.builder(registryStore,
        EncryptionKeys.of(EncryptionKey.generate("k2"))).build();
    assertThatThrownBy(() -> otherKey.revealSecret("acme", a))
        .hasMessageContaining("encryption key k1 is not configured");
  }

  @Test
  void secretsMoveToANewKeyAndStayReadable() {
    registry.createApplication(ApplicationSpec.builder("Acme").id("acme").build());
    CreatedEndpoint created = registry.createEndpoint("acme",
        EndpointSpec.builder(url("a")).build());
    EncryptionKey next = EncryptionKey.generate("k2");
    WebhookRegistry rotated = WebhookRegistry.builder(registryStore,
        EncryptionKeys.of(next, KEYS.current())).build();

    assertThat(rotated.reencryptSecrets()).isOne();
    assertThat(rotated.reencryptSecrets()).isZero();

    WebhookRegistry newKeyOnly = WebhookRegistry.builder(registryStore, EncryptionKeys.of(next))
        .build();
    assertThat(newKeyOnly.revealSecret("acme", created.registration().id()))
        .isEqualTo(created.secret());
  }

  // Bad input

  @Test
  void badInputFailsWithAClearErrorAndStoresNothing() {
    registry.createApplication(ApplicationSpec.builder("Acme").id("acme").build());

    assertThatThrownBy(() -> EndpointSpec.builder("ftp://hooks.example.com/in"))
        .isInstanceOfSatisfying(PlatformException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.INVALID))
        .hasMessageContaining("absolute http or https");
    assertThatThrownBy(() -> EndpointSpec.builder(url("a")).eventTypes("invoice paid"))
        .hasMessageContaining("filter");
    assertThatThrownBy(() -> EndpointSpec.builder(url("a")).header("webhook-signature", "x"))
        .hasMessageContaining("set by Hookmesh");
    assertThatThrownBy(() -> EndpointSpec.builder(url("a")).header("X-A", "b\r\nEvil: 1"))
        .hasMessageContaining("without line breaks");
    assertThatThrownBy(() -> EndpointSpec.builder(url("a")).secret("whsec_not-base64!").build())
        .hasMessageContaining("not a valid whsec_ secret").hasMessageNotContaining("not-base64");
    assertThatThrownBy(() -> ApplicationSpec.builder("A").id("has space"))
        .hasMessageContaining("is not valid");
    assertThatThrownBy(() -> registry.createEndpoint("nobody",
        EndpointSpec.builder(url("a")).build()))
        .isInstanceOfSatisfying(PlatformException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND));
    assertThatThrownBy(() -> registry.rotateSecret("acme", "ep_missing", Duration.ofHours(1)))
        .isInstanceOfSatisfying(PlatformException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND));
    assertThatThrownBy(() -> publisher.publish("nobody", message("invoice.paid", "m")))
        .isInstanceOfSatisfying(PlatformException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND));
    assertThat(registry.endpoints("acme")).isEmpty();
    assertThat(registry.applications(null, 10)).extracting(Application::id)
        .containsExactly("acme");
  }

  // Ordering

  @Test
  void publishedMessagesOfOneKeyArriveInOrderThoughTheReceiverFailsAtRandom() {
    Pattern fields = Pattern.compile("\"key\":\"(\\w+)\",\"seq\":(\\d+)");
    Random random = new Random(3);
    Map<String, List<Integer>> arrived = new ConcurrentHashMap<>();
    receiver.answer(request -> {
      synchronized (random) {
        if (random.nextInt(10) < 3) {
          return status(503);
        }
      }
      Matcher matcher = fields.matcher(new String(body(request), StandardCharsets.UTF_8));
      if (matcher.find()) {
        arrived.computeIfAbsent(matcher.group(1), k -> new CopyOnWriteArrayList<>())
            .add(Integer.parseInt(matcher.group(2)));
      }
      return status(204);
    });
    client.close();
    client = LoopbackReceiver.clientBuilder().store(deliveries).endpointResolver(registry)
        .retryPolicy(dev.hookmesh.retry.ExponentialBackoff.builder()
            .initial(Duration.ofMillis(2)).maxDelay(Duration.ofMillis(20)).maxAttempts(50)
            .build())
        .build();
    publisher = WebhookPublisher.builder(registry, client).build();
    registry.createApplication(ApplicationSpec.builder("Acme").id("acme").build());
    register("acme", "ordered", EndpointSpec.builder(url("ordered")));
    List<String[]> sends = new ArrayList<>();
    for (int k = 0; k < 10; k++) {
      for (int seq = 0; seq < 20; seq++) {
        sends.add(new String[] {"k" + k, Integer.toString(seq)});
      }
    }
    Collections.shuffle(sends, random);
    Map<String, List<Integer>> sent = new ConcurrentHashMap<>();
    List<Publication> publications = new ArrayList<>();
    for (String[] send : sends) {
      String body = "{\"key\":\"" + send[0] + "\",\"seq\":" + send[1] + "}";
      publications.add(publisher.publish("acme", WebhookMessage.builder("order.created")
          .id("msg_" + send[0] + "_" + send[1])
          .body(body.getBytes(StandardCharsets.UTF_8), "application/json")
          .orderingKey(send[0]).build()));
      sent.computeIfAbsent(send[0], k -> new ArrayList<>()).add(Integer.parseInt(send[1]));
    }

    publications.forEach(WebhookPlatformTest::awaitDone);
    assertThat(arrived).isEqualTo(sent);
  }

  private static boolean verifies(String key, RecordedRequest request) {
    try {
      WebhookVerifier.builder().key(key).build().verify(headers(request), body(request));
      return true;
    } catch (WebhookVerificationException e) {
      return false;
    }
  }

  private static boolean standardWebhooksVerifies(String key, RecordedRequest request) {
    if (!key.startsWith("whsec_")) {
      return false;
    }
    try {
      new com.standardwebhooks.Webhook(key)
          .verify(new String(body(request), StandardCharsets.UTF_8), headers(request));
      return true;
    } catch (com.standardwebhooks.exceptions.WebhookVerificationException e) {
      return false;
    } catch (com.standardwebhooks.exceptions.EmptyWebhookSecretException e) {
      throw new AssertionError(e);
    }
  }
}
