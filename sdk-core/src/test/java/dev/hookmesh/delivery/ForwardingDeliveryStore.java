package dev.hookmesh.delivery;

import dev.hookmesh.WebhookMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A store that forwards to another, for tests that change one behaviour by overriding one
 * method. It forwards the abstract methods and the lookups; the methods the interface builds
 * from those (enqueueAll, complete with an attempt) keep their defaults, so an override of
 * {@code recordAttempt} or {@code enqueue} applies to them too.
 */
public class ForwardingDeliveryStore implements DeliveryStore {

  private final DeliveryStore delegate;

  /**
   * Forwards to a store.
   *
   * @param delegate the store that does the work
   */
  public ForwardingDeliveryStore(DeliveryStore delegate) {
    this.delegate = delegate;
  }

  @Override
  public boolean enqueue(WebhookMessage message, String endpointId, Instant due) {
    return delegate.enqueue(message, endpointId, due);
  }

  @Override
  public void saveMessage(WebhookMessage message) {
    delegate.saveMessage(message);
  }

  @Override
  public List<PendingDelivery> claimDue(
      Instant now, int max, Set<String> skipEndpoints, Duration lease, String owner) {
    return delegate.claimDue(now, max, skipEndpoints, lease, owner);
  }

  @Override
  public boolean reschedule(
      PendingDelivery claimed, Instant due, int attempts, @Nullable Instant firstAttemptAt) {
    return delegate.reschedule(claimed, due, attempts, firstAttemptAt);
  }

  @Override
  public boolean complete(PendingDelivery claimed, DeliveryOutcome outcome) {
    return delegate.complete(claimed, outcome);
  }

  @Override
  public void recordAttempt(DeliveryAttempt attempt) {
    delegate.recordAttempt(attempt);
  }

  @Override
  public Optional<WebhookMessage> message(String messageId) {
    return delegate.message(messageId);
  }

  @Override
  public List<DeliveryAttempt> attempts(String messageId) {
    return delegate.attempts(messageId);
  }

  @Override
  public long pendingCount() {
    return delegate.pendingCount();
  }

  @Override
  public Optional<Instant> nextDue() {
    return delegate.nextDue();
  }

  @Override
  public List<String> redeliver(String messageId, Instant due) {
    return delegate.redeliver(messageId, due);
  }

  @Override
  public List<String> redeliverFailed(String endpointId, Instant since, Instant due) {
    return delegate.redeliverFailed(endpointId, since, due);
  }

  @Override
  public Optional<EndpointState> endpointState(String endpointId) {
    return delegate.endpointState(endpointId);
  }

  @Override
  public void saveEndpointState(EndpointState state) {
    delegate.saveEndpointState(state);
  }

  @Override
  public Optional<DeliveryStatus> status(String messageId, String endpointId) {
    return delegate.status(messageId, endpointId);
  }
}
