package dev.hookmesh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookmesh.delivery.DeliveryAttempt;
import dev.hookmesh.delivery.DeliveryOutcome;
import dev.hookmesh.delivery.DeliveryResult;
import dev.hookmesh.delivery.DeliveryStore;
import dev.hookmesh.delivery.InMemoryDeliveryStore;
import dev.hookmesh.delivery.PendingDelivery;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** At least once: when the store fails mid-delivery, the lease expires and the delivery runs again. */
class StoreFailureTest {

  /** The in-memory store, failing the first {@code failures} calls to recordAttempt. */
  private static final class FlakyStore implements DeliveryStore {
    private final InMemoryDeliveryStore store = new InMemoryDeliveryStore();
    private final AtomicInteger failures;

    FlakyStore(int failures) {
      this.failures = new AtomicInteger(failures);
    }

    @Override
    public boolean enqueue(WebhookMessage message, String endpointId, Instant due) {
      return store.enqueue(message, endpointId, due);
    }

    @Override
    public void saveMessage(WebhookMessage message) {
      store.saveMessage(message);
    }

    @Override
    public List<PendingDelivery> claimDue(Instant now, int max, Set<String> skip, Duration lease, String owner) {
      return store.claimDue(now, max, skip, lease, owner);
    }

    @Override
    public boolean reschedule(PendingDelivery claimed, Instant due, int attempts, @Nullable Instant first) {
      return store.reschedule(claimed, due, attempts, first);
    }

    @Override
    public boolean complete(PendingDelivery claimed, DeliveryOutcome outcome) {
      return store.complete(claimed, outcome);
    }

    @Override
    public void recordAttempt(DeliveryAttempt attempt) {
      if (failures.getAndDecrement() > 0) {
        throw new IllegalStateException("database unavailable");
      }
      store.recordAttempt(attempt);
    }

    @Override
    public Optional<WebhookMessage> message(String messageId) {
      return store.message(messageId);
    }

    @Override
    public List<DeliveryAttempt> attempts(String messageId) {
      return store.attempts(messageId);
    }

    @Override
    public long pendingCount() {
      return store.pendingCount();
    }

    @Override
    public Optional<Instant> nextDue() {
      return store.nextDue();
    }

    @Override
    public List<String> redeliver(String messageId, Instant due) {
      return store.redeliver(messageId, due);
    }

    @Override
    public List<String> redeliverFailed(String endpointId, Instant since, Instant due) {
      return store.redeliverFailed(endpointId, since, due);
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
