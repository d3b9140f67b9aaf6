package dev.hookmesh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookmesh.delivery.DeliveryAttempt;
import dev.hookmesh.delivery.DeliveryOutcome;
import dev.hookmesh.delivery.DeliveryResult;
import dev.hookmesh.delivery.ForwardingDeliveryStore;
import dev.hookmesh.delivery.InMemoryDeliveryStore;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** At least once: when the store fails mid-delivery, the lease expires and the delivery runs again. */
class StoreFailureTest {

  /** The in-memory store, failing the first {@code failures} calls to recordAttempt. */
  private static final class FlakyStore extends ForwardingDeliveryStore {
    private final AtomicInteger failures;

    FlakyStore(int failures) {
      super(new InMemoryDeliveryStore());
      this.failures = new AtomicInteger(failures);
    }

    @Override
    public void recordAttempt(DeliveryAttempt attempt) {
      if (failures.getAndDecrement() > 0) {
        throw new IllegalStateException("database unavailable");
      }
      super.recordAttempt(attempt);
    }
  }

  @Test
  void aDeliveryWhoseAttemptCouldNotBeRecordedIsAttemptedAgainAfterItsLease() throws Exception {
    try (LoopbackReceiver receiver = new LoopbackReceiver();
        WebhookClient client = LoopbackReceiver.clientBuilder()
            .store(new FlakyStore(1))
            .lease(Duration.ofMillis(300))
            .build()) {
      WebhookMessage message = WebhookMessage.of("invoice.paid", 1);

      DeliveryResult result = client.send(receiver.endpoint("ep_flaky_store"), message)
          .result().get(30, TimeUnit.SECONDS);

      assertThat(result.outcome()).isEqualTo(DeliveryOutcome.DELIVERED);
      assertThat(receiver.requests()).hasSize(2).extracting(r -> r.getHeaders().get("webhook-id"))
          .containsOnly(message.id());
      assertThat(client.store().attempts(message.id())).hasSize(1);
    }
  }
}
