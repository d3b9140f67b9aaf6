package dev.hookmesh;

import static dev.hookmesh.LoopbackReceiver.SECRET;
import static dev.hookmesh.LoopbackReceiver.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.hookmesh.delivery.CircuitBreaker;
import dev.hookmesh.delivery.Delivery;
import dev.hookmesh.delivery.DeliveryEvent;
import dev.hookmesh.delivery.DeliveryOutcome;
import dev.hookmesh.delivery.DeliveryResult;
import dev.hookmesh.delivery.EndpointHealth;
import dev.hookmesh.delivery.EndpointHealth.CircuitState;
import dev.hookmesh.delivery.InMemoryDeliveryStore;
import dev.hookmesh.delivery.PendingDelivery;
import dev.hookmesh.retry.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Circuit breaker, concurrency limit and auto-disable, through a real client. */
class EndpointHealthTest {

  private static final Duration COOL_DOWN = Duration.ofMinutes(1);

  private final LoopbackReceiver receiver = new LoopbackReceiver();
  private final TestClock clock = new TestClock();
  private final InMemoryDeliveryStore store = new InMemoryDeliveryStore();
  private final Queue<DeliveryEvent> events = new ConcurrentLinkedQueue<>();
  private final List<WebhookClient> clients = new ArrayList<>();

  @AfterEach
  void closeAll() {
    clients.forEach(WebhookClient::close);
    receiver.close();
  }

  private WebhookClient client(WebhookClient.Builder builder) {
    WebhookClient client = builder.store(store).clock(clock).listener(events::add).build();
    clients.add(client);
    return client;
  }

  private WebhookClient breakingAfterThree() {
    return client(LoopbackReceiver.clientBuilder()
        .retryPolicy(RetryPolicy.exponential().newBuilder().initial(Duration.ofMillis(5))
            .maxDelay(Duration.ofMillis(5)).maxAttempts(10).build())
        .circuitBreaker(CircuitBreaker.builder().consecutiveFailures(3).openDuration(COOL_DOWN).build()));
  }

  private static WebhookMessage message() {
    return WebhookMessage.of("invoice.paid", "{}");
  }

  private List<DeliveryEvent.Type> eventTypes() {
    return events.stream().map(DeliveryEvent::type).toList();
  }

  private void awaitHeldUntilCoolDownEnds(int attempts) {
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      List<PendingDelivery> pending = store.pending();
      assertThat(pending).hasSize(1);
      assertThat(pending.get(0).leaseOwner()).isNull();
      assertThat(pending.get(0).attempts()).isEqualTo(attempts);
      assertThat(pending.get(0).due()).isAfter(clock.instant().plus(COOL_DOWN).minusSeconds(5));
    });
  }

  @Test
  void opensAfterConsecutiveFailuresHoldsWithoutUsingAttemptsAndClosesAfterAGoodProbe() throws Exception {
    receiver.answerInOrder(500, 500, 500, 204);
    WebhookClient client = breakingAfterThree();

    Delivery delivery = client.send(receiver.endpoint("ep_cb"), message());
    awaitHeldUntilCoolDownEnds(3);

    assertThat(client.endpointHealth("ep_cb").circuit()).isEqualTo(CircuitState.OPEN);
    assertThat(receiver.count()).isEqualTo(3);
    clock.advance(COOL_DOWN);
    DeliveryResult result = delivery.result().get(10, TimeUnit.SECONDS);

    assertThat(result.outcome()).isEqualTo(DeliveryOutcome.DELIVERED);
    assertThat(result.attempts()).isEqualTo(4);
    assertThat(client.endpointHealth("ep_cb").circuit()).isEqualTo(CircuitState.CLOSED);
    assertThat(eventTypes()).containsSubsequence(
        DeliveryEvent.Type.CIRCUIT_OPENED, DeliveryEvent.Type.CIRCUIT_CLOSED);
  }

  @Test
  void aFailedProbeOpensTheCircuitAgain() {
    receiver.answer(request -> status(500));
    WebhookClient client = breakingAfterThree();

    client.send(receiver.endpoint("ep_dead"), message());
    awaitHeldUntilCoolDownEnds(3);
    clock.advance(COOL_DOWN);
    awaitHeldUntilCoolDownEnds(4);

    assertThat(client.endpointHealth("ep_dead").circuit()).isEqualTo(CircuitState.OPEN);
    assertThat(receiver.count()).isEqualTo(4);
    assertThat(eventTypes()).filteredOn(type -> type == DeliveryEvent.Type.CIRCUIT_OPENED).hasSize(2);
  }

  @Test
  void listsTheHealthOfEveryEndpointItHasSentToByEndpointId() throws Exception {
    receiver.answerInOrder(500, 500, 500, 204);
    WebhookClient client = breakingAfterThree();
    assertThat(client.endpointHealth()).isEmpty();

    client.send(receiver.endpoint("ep_b"), message());
    awaitHeldUntilCoolDownEnds(3);
    client.send(receiver.endpoint("ep_a"), message()).result().get(10, TimeUnit.SECONDS);

    assertThat(client.endpointHealth()).extracting(EndpointHealth::endpointId, EndpointHealth::circuit)
        .containsExactly(tuple("ep_a", CircuitState.CLOSED), tuple("ep_b", CircuitState.OPEN));
  }

  @Test
  void showsHalfOpenOnceTheCoolDownHasPassed() {
    receiver.answer(request -> status(500));
    WebhookClient client = breakingAfterThree();
    client.send(receiver.endpoint("ep_half"), message());
    awaitHeldUntilCoolDownEnds(3);

    clock.advance(COOL_DOWN.plusSeconds(1));

    assertThat(client.endpointHealth("ep_half").circuit()).isIn(CircuitState.HALF_OPEN, CircuitState.OPEN);
  }

  @Test
  void opensWhenTheFailureRateOverTheWindowIsTooHigh() throws Exception {
    receiver.answerInOrder(204, 500, 204, 500);
    WebhookClient client = client(LoopbackReceiver.clientBuilder()
        .retryPolicy(RetryPolicy.none())
        .maxConcurrencyPerEndpoint(1)
        .circuitBreaker(CircuitBreaker.builder().failureRate(0.5, 4).openDuration(COOL_DOWN).build()));

    for (int i = 0; i < 4; i++) {
      client.send(receiver.endpoint("ep_rate"), message()).result().get(10, TimeUnit.SECONDS);
    }

    assertThat(client.endpointHealth("ep_rate").circuit()).isEqualTo(CircuitState.OPEN);
  }

  @Test
  void aStalledEndpointDoesNotDelayAnother() throws Exception {
    LoopbackReceiver stalled = new LoopbackReceiver();
    try {
      stalled.answer(request -> new MockResponse.Builder().code(204).headersDelay(5, TimeUnit.SECONDS).build());
      WebhookClient client = client(LoopbackReceiver.clientBuilder()
          .maxConcurrency(4)
          .maxConcurrencyPerEndpoint(2)
          .callTimeout(Duration.ofSeconds(10))
          .closeTimeout(Duration.ZERO));
      for (int i = 0; i < 20; i++) {
        client.send(stalled.endpoint("ep_slow"), message());
      }
      await().atMost(Duration.ofSeconds(5)).until(() -> stalled.count() == 2);

      long start = System.nanoTime();
      List<Delivery> fast = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        fast.add(client.send(receiver.endpoint("ep_fast"), message()));
      }
      for (Delivery delivery : fast) {
        assertThat(delivery.result().get(5, TimeUnit.SECONDS).delivered()).isTrue();
      }

      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
      assertThat(stalled.count()).isEqualTo(2);
      assertThat(client.endpointHealth("ep_slow").inFlight()).isEqualTo(2);
    } finally {
      clients.forEach(WebhookClient::close);
      stalled.close();
    }
  }

  @Test
  void disablesAnEndpointThatFailedForTheWholePeriodAndEnablesItOnRequest() throws Exception {
    receiver.answer(request -> status(500));
    WebhookClient client = client(LoopbackReceiver.clientBuilder()
        .retryPolicy(RetryPolicy.fixedSchedule(Duration.ofHours(1), Duration.ofHours(1), Duration.ofHours(1)))
        .circuitBreaker(CircuitBreaker.disabled())
        .disableAfter(Duration.ofHours(2)));
    Endpoint endpoint = receiver.endpoint("ep_off");

    Delivery delivery = client.send(endpoint, message());
    await().atMost(Duration.ofSeconds(10)).until(() -> receiver.count() == 1);
    clock.advance(Duration.ofHours(1));
    await().atMost(Duration.ofSeconds(10)).until(() -> receiver.count() == 2);
    assertThat(client.endpointHealth("ep_off").disabled()).isFalse();
    clock.advance(Duration.ofHours(1));
    DeliveryResult result = delivery.result().get(10, TimeUnit.SECONDS);

    assertThat(result.outcome()).isEqualTo(DeliveryOutcome.ENDPOINT_DISABLED);
    assertThat(result.attempts()).isEqualTo(3);
    assertThat(eventTypes()).containsOnlyOnce(DeliveryEvent.Type.ENDPOINT_DISABLED);
    assertThat(client.send(endpoint, message()).result().get(1, TimeUnit.SECONDS).outcome())
        .isEqualTo(DeliveryOutcome.ENDPOINT_DISABLED);

    receiver.answer(request -> status(204));
    client.enableEndpoint("ep_off");

    assertThat(client.send(endpoint, message()).result().get(10, TimeUnit.SECONDS).delivered()).isTrue();
    assertThat(client.redeliver(result.messageId()).get(0).result().get(10, TimeUnit.SECONDS).delivered()).isTrue();
    assertThat(eventTypes()).contains(DeliveryEvent.Type.ENDPOINT_ENABLED);
  }

  @Test
  void aSuccessEndsTheFailingPeriod() throws Exception {
    receiver.answerInOrder(500, 204);
    WebhookClient client = client(LoopbackReceiver.clientBuilder().disableAfter(Duration.ofHours(2)));

    client.send(receiver.endpoint("ep_ok"), message()).result().get(10, TimeUnit.SECONDS);

    assertThat(client.endpointHealth("ep_ok").failingSince()).isNull();
    assertThat(client.endpointHealth("ep_ok").disabled()).isFalse();
  }

  @Test
  void breakerSettingsPrintAndCompare() {
    assertThat(CircuitBreaker.defaults()).isEqualTo(CircuitBreaker.builder().build());
    assertThat(CircuitBreaker.disabled().enabled()).isFalse();
    assertThat(CircuitBreaker.defaults().toString()).contains("consecutiveFailures=10");
  }
}
