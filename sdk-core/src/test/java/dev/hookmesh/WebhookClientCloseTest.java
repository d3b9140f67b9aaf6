package dev.hookmesh;

import static dev.hookmesh.LoopbackReceiver.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.hookmesh.delivery.Delivery;
import dev.hookmesh.delivery.DeliveryOutcome;
import dev.hookmesh.delivery.InMemoryDeliveryStore;
import dev.hookmesh.retry.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** close(): nothing in flight is cut short needlessly, nothing pending is lost. */
class WebhookClientCloseTest {

  private final LoopbackReceiver receiver = new LoopbackReceiver();
  private final TestClock clock = new TestClock();
  private final InMemoryDeliveryStore store = new InMemoryDeliveryStore();

  @AfterEach
  void stopReceiver() {
    receiver.close();
  }

  private WebhookClient.Builder builder() {
    return LoopbackReceiver.clientBuilder().store(store).clock(clock)
        .retryPolicy(RetryPolicy.fixedSchedule(Duration.ofHours(1)));
  }

  @SuppressWarnings("try") // the resource works while open; the body never names it
  @Test
  void pendingRetriesStayInTheStoreAndTheNextClientDeliversThem() {
    receiver.answer(request -> status(500));
    List<Endpoint> endpoints = List.of(receiver.endpoint("ep_a"), receiver.endpoint("ep_b"));
    List<Delivery> deliveries = new ArrayList<>();
    try (WebhookClient first = builder().build()) {
      for (int i = 0; i < 3; i++) {
        deliveries.add(first.send(endpoints.get(i % 2), WebhookMessage.of("invoice.paid", i)));
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> receiver.count() == 3);
    }

    assertThat(store.pendingCount()).isEqualTo(3);
    assertThat(deliveries).allSatisfy(delivery -> assertThatThrownBy(() -> delivery.result().get())
        .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IllegalStateException.class));

    receiver.answer(request -> status(204));
    clock.advance(Duration.ofHours(1));
    EndpointResolver resolver = id -> endpoints.stream().filter(e -> e.id().equals(id)).findFirst();
    try (WebhookClient second = builder().endpointResolver(resolver).build()) {
      await().atMost(Duration.ofSeconds(10)).until(() -> store.pendingCount() == 0);
    }
    assertThat(receiver.count()).isEqualTo(6);
    assertThat(deliveries).allSatisfy(delivery ->
        assertThat(store.attempts(delivery.messageId())).extracting(a -> a.status()).containsExactly(500, 204));
  }

  @Test
  void waitsForAnAttemptInFlight() throws Exception {
    receiver.answer(request -> new MockResponse.Builder().code(204).headersDelay(300, TimeUnit.MILLISECONDS).build());
    WebhookClient client = builder().build();
    Delivery delivery = client.send(receiver.endpoint("ep_slow"), WebhookMessage.of("invoice.paid", 1));
    await().atMost(Duration.ofSeconds(10)).until(() -> receiver.count() == 1);

    client.close();

    assertThat(delivery.result()).isCompleted();
    assertThat(delivery.result().get().outcome()).isEqualTo(DeliveryOutcome.DELIVERED);
    assertThat(store.pendingCount()).isZero();
  }

  @Test
  void cancelsWhatOutlastsTheCloseTimeoutWithoutCountingTheAttempt() {
    receiver.answer(request -> new MockResponse.Builder().code(204).headersDelay(5, TimeUnit.SECONDS).build());
    WebhookClient client = builder().closeTimeout(Duration.ofMillis(100)).build();
    client.send(receiver.endpoint("ep_stuck"), WebhookMessage.of("invoice.paid", 1));
    await().atMost(Duration.ofSeconds(10)).until(() -> receiver.count() == 1);

    long start = System.nanoTime();
    client.close();

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    assertThat(store.pending()).singleElement().satisfies(pending -> {
      assertThat(pending.attempts()).isZero();
      assertThat(pending.leaseOwner()).isNull();
    });
  }

  @Test
  void refusesNewWorkOnceClosedAndClosingTwiceIsHarmless() {
    WebhookClient client = builder().build();
    client.close();
    client.close();

    assertThatThrownBy(() -> client.send(receiver.endpoint("ep_x"), WebhookMessage.of("a.b", 1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("WebhookClient is closed");
    assertThatThrownBy(() -> client.redeliver("msg_1")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aDerivedClientSharesTheTransportAndOutlivesItsParent() throws Exception {
    WebhookClient parent = builder().build();
    WebhookClient child = parent.newBuilder().retryPolicy(RetryPolicy.none()).build();
    parent.close();
    try (child) {
      assertThat(child.send(receiver.endpoint("ep_child"), WebhookMessage.of("a.b", 1))
          .result().get(10, TimeUnit.SECONDS).delivered()).isTrue();
    }
  }

  @SuppressWarnings("try") // the resource works while open; the body never names it
  @Test
  void anUnknownEndpointsDeliveriesWaitInsteadOfFailing() {
    InMemoryDeliveryStore shared = store;
    shared.enqueue(WebhookMessage.of("a.b", 1).encode(dev.hookmesh.json.PayloadCodec.jackson()),
        "ep_unknown", clock.instant());
    try (WebhookClient client = builder().endpointResolver(id -> Optional.empty()).build()) {
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
          assertThat(shared.pending()).singleElement().satisfies(p -> {
            assertThat(p.leaseOwner()).isNull();
            assertThat(p.due()).isAfter(clock.instant().plusSeconds(30));
          }));
    }
    assertThat(receiver.count()).isZero();
  }
}
