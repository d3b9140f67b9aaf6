package dev.hookmesh.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookmesh.WebhookMessage;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The in-memory store keeps the {@link DeliveryStore} contract, and shares message bodies. */
class InMemoryDeliveryStoreTest extends DeliveryStoreContract {

  @Override
  protected DeliveryStore newStore() {
    return new InMemoryDeliveryStore();
  }

  private InMemoryDeliveryStore memory() {
    return (InMemoryDeliveryStore) store;
  }

  @Test
  void sharesTheMessageBodyBetweenDeliveries() {
    WebhookMessage message = message("m1");
    store.enqueue(message, "ep", T0);
    store.enqueue(message, "other", T0);

    assertThat(memory().pending())
        .hasSize(2)
        .allSatisfy(p -> assertThat(p.message().body()).isSameAs(message.body()));
  }

  @Test
  void purgeForgetsOnlyFinishedMessages() {
    store.enqueue(message("done"), "ep", T0);
    store.enqueue(message("waiting"), "ep", T0.plusSeconds(60));
    store.complete(claim(T0, "a").get(0), DeliveryOutcome.DELIVERED);

    assertThat(memory().purgeFinished()).isEqualTo(1);
    assertThat(store.message("done")).isEmpty();
    assertThat(store.message("waiting")).isPresent();
  }

  @Test
  void keepsOnlyTheMostRecentlyFinishedMessages() {
    store = InMemoryDeliveryStore.keepingFinished(2);
    for (String id : List.of("m1", "m2", "m3")) {
      store.enqueue(message(id), "ep", T0);
    }
    store.enqueue(message("pending"), "ep", T0.plusSeconds(60));
    List<PendingDelivery> claimed = store.claimDue(T0, 3, Set.of(), LEASE, "a");
    for (PendingDelivery delivery : claimed) {
      store.recordAttempt(attempt(delivery.messageId(), 1));
      store.complete(delivery, DeliveryOutcome.DELIVERED);
    }

    assertThat(store.message("m1")).as("finished first, so forgotten first").isEmpty();
    assertThat(store.attempts("m1")).isEmpty();
    assertThat(store.message("m2")).isPresent();
    assertThat(store.attempts("m3")).hasSize(1);
    assertThat(store.message("pending")).as("pending deliveries are never dropped").isPresent();
    assertThat(store.pendingCount()).isEqualTo(1);
  }

  @Test
  void aRedeliveredMessageIsNotForgottenWhilePending() {
    store = InMemoryDeliveryStore.keepingFinished(1);
    store.enqueue(message("m1"), "ep", T0);
    store.complete(claim(T0, "a").get(0), DeliveryOutcome.EXHAUSTED);
    assertThat(store.redeliver("m1", T0)).containsExactly("ep");

    // Another message finishing would push m1 out, were it still counted as finished.
    store.saveMessage(message("once"));

    assertThat(store.message("m1")).isPresent();
    assertThat(store.message("once")).isPresent();
    store.complete(claim(T0, "a").get(0), DeliveryOutcome.DELIVERED);
    assertThat(store.message("once")).as("m1 finished after it").isEmpty();
    assertThat(store.message("m1")).isPresent();
  }

  @Test
  void aMessageAttemptedOnceIsKeptAsFinished() {
    store = InMemoryDeliveryStore.keepingFinished(1);
    store.saveMessage(message("test-1"));
    store.recordAttempt(attempt("test-1", 1));
    store.saveMessage(message("test-2"));
    store.recordAttempt(attempt("test-2", 1));

    assertThat(store.message("test-1")).isEmpty();
    assertThat(store.attempts("test-2")).hasSize(1);
  }

  @Test
  void refusesABoundBelowOne() {
    assertThatThrownBy(() -> InMemoryDeliveryStore.keepingFinished(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxFinished must be at least 1, was 0");
  }

  @Test
  void theDefaultKeepsAThousandFinishedMessages() {
    for (int i = 0; i < InMemoryDeliveryStore.DEFAULT_MAX_FINISHED + 5; i++) {
      store.saveMessage(message("m" + i));
    }

    assertThat(store.message("m4")).isEmpty();
    assertThat(store.message("m5")).isPresent();
    assertThat(store).hasToString(
        "InMemoryDeliveryStore[messages=1000, pending=0, maxFinished=1000]");
  }
}
