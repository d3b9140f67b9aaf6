package dev.hookmesh.inbox;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An inbox event with where its processing stands, as the inbox's operations show it.
 *
 * @param sequence its place in the inbox, in the order events arrived; a cursor for paging
 * @param event the event
 * @param status where it stands
 * @param attempts how many times its listeners ran
 * @param nextAttemptAt when a pending event is tried next; for a finished one, when it was due
 * @param finishedAt when it was processed or became a dead letter, or {@code null}
 * @param lastError why the last attempt failed, or {@code null}
 */
public record InboxEntry(
    long sequence,
    InboxEvent event,
    InboxStatus status,
    int attempts,
    Instant nextAttemptAt,
    @Nullable Instant finishedAt,
    @Nullable String lastError) {

  /** Validates the components. */
  public InboxEntry {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
  }
}
