package dev.hookmesh.delivery;

import dev.hookmesh.WebhookMessage;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A delivery that is not finished, as a {@link DeliveryStore} hands it out: the message, the
 * endpoint, how many attempts were made, and when the next one is due.
 *
 * @param message the message, with its body encoded
 * @param endpointId the endpoint's id
 * @param attempts how many attempts were made so far
 * @param firstAttemptAt when the first attempt started, or {@code null} before it; retry
 *     policies measure their maximum elapsed time from it
 * @param due when the next attempt is due
 * @param leaseOwner who holds the lease after {@link DeliveryStore#claimDue}, or {@code null}
 * @param leaseExpiry when that lease ends, or {@code null}
 * @param orderingKey the key that orders it among the endpoint's deliveries with the same key
 *     ({@link DeliveryTarget}), or {@code null} if it is not ordered
 */
public record PendingDelivery(
    WebhookMessage message,
    String endpointId,
    int attempts,
    @Nullable Instant firstAttemptAt,
    Instant due,
    @Nullable String leaseOwner,
    @Nullable Instant leaseExpiry,
    @Nullable String orderingKey) {

  /** Validates the components. */
  public PendingDelivery {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(endpointId, "endpointId");
    Objects.requireNonNull(due, "due");
    if (attempts < 0) {
      throw new IllegalArgumentException("attempts must not be negative, was " + attempts);
    }
  }

  /**
   * An unordered delivery.
   *
   * @param message the message, with its body encoded
   * @param endpointId the endpoint's id
   * @param attempts how many attempts were made so far
   * @param firstAttemptAt when the first attempt started, or {@code null} before it
   * @param due when the next attempt is due
   * @param leaseOwner who holds the lease, or {@code null}
   * @param leaseExpiry when that lease ends, or {@code null}
   */
  public PendingDelivery(WebhookMessage message, String endpointId, int attempts,
      @Nullable Instant firstAttemptAt, Instant due, @Nullable String leaseOwner,
      @Nullable Instant leaseExpiry) {
    this(message, endpointId, attempts, firstAttemptAt, due, leaseOwner, leaseExpiry, null);
  }

  /**
   * The message's id.
   *
   * @return the id
   */
  public String messageId() {
    return message.id();
  }
}
