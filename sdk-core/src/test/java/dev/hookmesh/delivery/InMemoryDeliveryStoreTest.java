package dev.hookmesh.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookmesh.WebhookMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The in-memory store keeps the {@link DeliveryStore} contract. */
class InMemoryDeliveryStoreTest {

  private static final Instant T0 = Instant.parse("2026-11-23T06:00:00Z");
  private static final Duration LEASE = Duration.ofMinutes(5);

  private final InMemoryDeliveryStore store = new InMemoryDeliveryStore();

  private static WebhookMessage message(String id) {
    return WebhookMessage.builder("a.b").id(id).body("{}".getBytes(StandardCharsets.UTF_8), "application/json").build();
  }

  private List<PendingDelivery> claim(Instant now, String owner) {
    return store.claimDue(now, 10, Set.of(), LEASE, owner);
  }

  private static DeliveryAttempt attempt(String messageId, int number) {
    return new DeliveryAttempt(messageId, "ep", number, T0, Duration.ofMillis(3), 500, Map.of(), "", null);
  }

  @Test
  void claimsOnlyWhatIsDueEarliestFirst() {
    store.enqueue(message("m2"), "ep", T0.plusSeconds(2));
    store.enqueue(message("m1"), "ep", T0.plusSeconds(1));
    store.enqueue(message("m3"), "ep", T0.plusSeconds(60));

    List<PendingDelivery> claimed = claim(T0.plusSeconds(5), "a");

    assertThat(claimed).extracting(PendingDelivery::messageId).containsExactly("m1", "m2");
    assertThat(claimed).allSatisfy(p -> {
      assertThat(p.leaseOwner()).isEqualTo("a");
      assertThat(p.leaseExpiry()).isEqualTo(T0.plusSeconds(5).plus(LEASE));
    });
  }

  @Test
  void aLeasedDeliveryIsNotClaimedAgainUntilTheLeaseExpires() {
    store.enqueue(message("m1"), "ep", T0);
    claim(T0, "a");

    assertThat(claim(T0.plusSeconds(60), "b")).isEmpty();
    assertThat(claim(T0.plus(LEASE), "b")).extracting(PendingDelivery::leaseOwner).containsExactly("b");
  }

  @Test
  void onlyTheLeaseHolderMayRescheduleOrComplete() {
    store.enqueue(message("m1"), "ep", T0);
    PendingDelivery stale = claim(T0, "a").get(0);
    PendingDelivery current = claim(T0.plus(LEASE), "b").get(0);

    assertThat(store.complete(stale, DeliveryOutcome.DELIVERED)).isFalse();
    assertThat(store.reschedule(stale, T0, 1, T0)).isFalse();
    assertThat(store.reschedule(current, T0.plusSeconds(600), 1, T0)).isTrue();
    assertThat(store.pending()).singleElement().satisfies(p -> {
      assertThat(p.attempts()).isEqualTo(1);
      assertThat(p.firstAttemptAt()).isEqualTo(T0);
      assertThat(p.due()).isEqualTo(T0.plusSeconds(600));
      assertThat(p.leaseOwner()).isNull();
    });
  }

  @Test
  void skipsBusyEndpoints() {
    store.enqueue(message("m1"), "busy", T0);
    store.enqueue(message("m2"), "free", T0);

    assertThat(store.claimDue(T0, 10, Set.of("busy"), LEASE, "a"))
        .extracting(PendingDelivery::endpointId).containsExactly("free");
  }

  @Test
  void completingRemovesFromThePendingButKeepsTheRecord() {
    WebhookMessage message = message("m1");
    store.enqueue(message, "ep", T0);
    store.recordAttempt(attempt("m1", 1));

    assertThat(store.complete(claim(T0, "a").get(0), DeliveryOutcome.DELIVERED)).isTrue();

    assertThat(store.pendingCount()).isZero();
    assertThat(store.nextDue()).isEmpty();
    assertThat(store.message("m1")).contains(message);
    assertThat(store.attempts("m1")).containsExactly(attempt("m1", 1));
  }

  @Test
  void enqueueIsIdempotentWhilePendingAndSharesTheBody() {
    WebhookMessage message = message("m1");

    assertThat(store.enqueue(message, "ep", T0)).isTrue();
    assertThat(store.enqueue(message, "ep", T0.plusSeconds(9))).isFalse();
    assertThat(store.enqueue(message, "other", T0)).isTrue();

    assertThat(store.pendingCount()).isEqualTo(2);
    assertThat(store.pending()).allSatisfy(p -> assertThat(p.message().body()).isSameAs(message.body()));
  }

  @Test
  void redeliverMakesFinishedDeliveriesPendingWithFreshCounts() {
    store.enqueue(message("m1"), "ep", T0);
    PendingDelivery claimed = claim(T0, "a").get(0);
    store.reschedule(claimed, T0, 3, T0);
    store.complete(claim(T0, "a").get(0), DeliveryOutcome.EXHAUSTED);

    assertThat(store.redeliver("m1", T0.plusSeconds(1))).containsExactly("ep");
    assertThat(store.redeliver("m1", T0.plusSeconds(1))).isEmpty();
    assertThat(store.pending()).singleElement().satisfies(p -> {
      assertThat(p.attempts()).isZero();
      assertThat(p.firstAttemptAt()).isNull();
    });
    assertThat(store.redeliver("unknown", T0)).isEmpty();
  }

  @Test
  void nextDueIsTheEarliestDueTimeOrLeaseExpiry() {
    store.enqueue(message("m1"), "ep", T0);
    store.enqueue(message("m2"), "ep", T0.plusSeconds(900));
    assertThat(store.nextDue()).contains(T0);

    claim(T0, "a");

    assertThat(store.nextDue()).contains(T0.plus(LEASE));
  }

  @Test
  void recordingAnAttemptForAnUnknownMessageFails() {
    assertThatThrownBy(() -> store.recordAttempt(attempt("nope", 1)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("nope");
  }

  @Test
  void purgeForgetsOnlyFinishedMessages() {
    store.enqueue(message("done"), "ep", T0);
    store.enqueue(message("waiting"), "ep", T0.plusSeconds(60));
    store.complete(claim(T0, "a").get(0), DeliveryOutcome.DELIVERED);

    assertThat(store.purgeFinished()).isEqualTo(1);
    assertThat(store.message("done")).isEmpty();
    assertThat(store.message("waiting")).isPresent();
  }
}
