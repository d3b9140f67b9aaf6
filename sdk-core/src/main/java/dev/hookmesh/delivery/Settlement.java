package dev.hookmesh.delivery;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How a claimed delivery leaves its owner's hands, for {@link DeliveryStore#settle}: finished
 * with an outcome, or pending again from a due time; with the attempt that led there, when one
 * was made. Built by its factories.
 *
 * <pre>{@code
 * Settlement.finish(claimed, DeliveryOutcome.DELIVERED, attempt);
 * Settlement.retry(claimed, now.plusSeconds(30), 2, firstAttemptAt, attempt);
 * Settlement.putBack(claimed, now);   // unattempted, its counts untouched
 * }</pre>
 *
 * @param delivery the delivery as claimed
 * @param outcome how it ended, or {@code null} if it is pending again
 * @param due when its next attempt is due; the claimed due time for a finished one
 * @param attempts how many attempts were made by now
 * @param firstAttemptAt when the first attempt started, or {@code null} if none was made
 * @param attempt the attempt that led here, for the attempt log, or {@code null} if none was
 *     made
 */
public record Settlement(
    PendingDelivery delivery,
    @Nullable DeliveryOutcome outcome,
    Instant due,
    int attempts,
    @Nullable Instant firstAttemptAt,
    @Nullable DeliveryAttempt attempt) {

  /** Validates the components. */
  public Settlement {
    Objects.requireNonNull(delivery, "delivery");
    Objects.requireNonNull(due, "due");
    if (attempts < 0) {
      throw new IllegalArgumentException("attempts must not be negative, was " + attempts);
    }
  }

  /**
   * Finishes a delivery.
   *
   * @param claimed the delivery as claimed
   * @param outcome how it ended
   * @param attempt the attempt that ended it, or {@code null} if it ended unattempted
   * @return the settlement
   */
  public static Settlement finish(
      PendingDelivery claimed, DeliveryOutcome outcome, @Nullable DeliveryAttempt attempt) {
    Objects.requireNonNull(outcome, "outcome");
    int attempts = attempt != null ? attempt.attempt() : claimed.attempts();
    Instant first = claimed.firstAttemptAt() != null || attempt == null
        ? claimed.firstAttemptAt() : attempt.startedAt();
    return new Settlement(claimed, outcome, claimed.due(), attempts, first, attempt);
  }

  /**
   * Makes a delivery pending again after a failed attempt.
   *
   * @param claimed the delivery as claimed
   * @param due when the next attempt is due
   * @param attempts how many attempts were made by now
   * @param firstAttemptAt when the first attempt started
   * @param attempt the attempt that failed
   * @return the settlement
   */
  public static Settlement retry(PendingDelivery claimed, Instant due, int attempts,
      Instant firstAttemptAt, DeliveryAttempt attempt) {
    return new Settlement(claimed, null, due, attempts,
        Objects.requireNonNull(firstAttemptAt, "firstAttemptAt"),
        Objects.requireNonNull(attempt, "attempt"));
  }

  /**
   * Gives a delivery back unattempted, its counts untouched: its endpoint's circuit is open,
   * its lease would run out before it could start, or the client is closing.
   *
   * @param claimed the delivery as claimed
   * @param due when it may be claimed again
   * @return the settlement
   */
  public static Settlement putBack(PendingDelivery claimed, Instant due) {
    return new Settlement(claimed, null, due, claimed.attempts(), claimed.firstAttemptAt(), null);
  }

  /**
   * Whether the delivery finishes, rather than becoming pending again.
   *
   * @return {@code true} if it has an outcome
   */
  public boolean finishes() {
    return outcome != null;
  }
}
