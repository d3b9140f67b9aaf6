package dev.hookmesh.inbox;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A pending inbox event as a store hands it to a worker: the event, its place in the inbox, how
 * many attempts were made, and the lease under which the worker holds it.
 *
 * @param sequence its place in the inbox
 * @param event the event
 * @param attempts how many attempts were made so far
 * @param firstAttemptAt when the first attempt started, or {@code null} before it
 * @param due when this attempt was due
 * @param leaseOwner who holds the lease
 * @param leaseExpiry when the lease ends
 */
public record ClaimedEvent(
    long sequence,
    InboxEvent event,
    int attempts,
    @Nullable Instant firstAttemptAt,
    Instant due,
    String leaseOwner,
    Instant leaseExpiry) {

  /** Validates the components. */
  public ClaimedEvent {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(due, "due");
    Objects.requireNonNull(leaseOwner, "leaseOwner");
    Objects.requireNonNull(leaseExpiry, "leaseExpiry");
  }
}
