package dev.hookmesh.delivery;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The final outcome of delivering one message to one endpoint.
 *
 * @param messageId the message's id
 * @param endpointId the endpoint's id
 * @param outcome how it ended
 * @param attempts how many attempts were made; 0 when it ended before the first
 * @param lastAttempt the last attempt, or {@code null} when none was made
 * @param finishedAt when it ended
 */
public record DeliveryResult(
    String messageId,
    String endpointId,
    DeliveryOutcome outcome,
    int attempts,
    @Nullable DeliveryAttempt lastAttempt,
    Instant finishedAt) {

  /** Validates the components. */
  public DeliveryResult {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(endpointId, "endpointId");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(finishedAt, "finishedAt");
  }

  /**
   * Whether the message was delivered.
   *
   * @return {@code true} for {@link DeliveryOutcome#DELIVERED}
   */
  public boolean delivered() {
    return outcome == DeliveryOutcome.DELIVERED;
  }
}
