package dev.hookmesh.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookmesh.WebhookMessage;
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
}
