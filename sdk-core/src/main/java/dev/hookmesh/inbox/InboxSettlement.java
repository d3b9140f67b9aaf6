package dev.hookmesh.inbox;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How a claimed event leaves its worker's hands, for {@link InboxStore#settle}: processed, a
 * dead letter, or pending again from a due time. Built by its factories.
 *
 * @param claimed the event as claimed
 * @param status {@link InboxStatus#PENDING} to try again, otherwise how it ended
 * @param due when it is tried next; the claimed due time for a finished one
 * @param attempts how many attempts were made by now
 * @param firstAttemptAt when the first attempt started, or {@code null} if none was made
 * @param error why the last attempt failed, or {@code null}
 */
public record InboxSettlement(
    ClaimedEvent claimed,
    InboxStatus status,
    Instant due,
    int attempts,
    @Nullable Instant firstAttemptAt,
    @Nullable String error) {

  /** Validates the components. */
  public InboxSettlement {
    Objects.requireNonNull(claimed, "claimed");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(due, "due");
  }

  /**
   * Every listener handled the event.
   *
   * @param claimed the event as claimed
   * @param startedAt when this attempt started
   * @return the settlement
   */
  public static InboxSettlement processed(ClaimedEvent claimed, Instant startedAt) {
    return new InboxSettlement(claimed, InboxStatus.PROCESSED, claimed.due(),
        claimed.attempts() + 1, first(claimed, startedAt), null);
  }

  /**
   * The attempt failed; try again at {@code due}.
   *
   * @param claimed the event as claimed
   * @param startedAt when this attempt started
   * @param due when to try again
   * @param error why it failed
   * @return the settlement
   */
  public static InboxSettlement retry(ClaimedEvent claimed, Instant startedAt, Instant due,
      String error) {
    return new InboxSettlement(claimed, InboxStatus.PENDING, due, claimed.attempts() + 1,
        first(claimed, startedAt), error);
  }

  /**
   * The event failed for good: it becomes a dead letter, kept with the error.
   *
   * @param claimed the event as claimed
   * @param startedAt when this attempt started
   * @param error why
   * @return the settlement
   */
  public static InboxSettlement dead(ClaimedEvent claimed, Instant startedAt, String error) {
    return new InboxSettlement(claimed, InboxStatus.DEAD, claimed.due(), claimed.attempts() + 1,
        first(claimed, startedAt), error);
  }

  /**
   * Gives the event back unattempted, its counts untouched.
   *
   * @param claimed the event as claimed
   * @param due when it may be claimed again
   * @return the settlement
   */
  public static InboxSettlement putBack(ClaimedEvent claimed, Instant due) {
    return new InboxSettlement(claimed, InboxStatus.PENDING, due, claimed.attempts(),
        claimed.firstAttemptAt(), null);
  }

  private static Instant first(ClaimedEvent claimed, Instant startedAt) {
    return claimed.firstAttemptAt() != null ? claimed.firstAttemptAt() : startedAt;
  }

  /**
   * Whether the event's processing ends here.
   *
   * @return {@code true} for processed and dead
   */
  public boolean finishes() {
    return status != InboxStatus.PENDING;
  }
}
