package dev.hookmesh.inbox;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Something that happened in an inbox, as an {@link InboxListener} hears it.
 *
 * @param type what happened
 * @param event the event concerned
 * @param attempt the attempt number; 0 when no attempt is concerned
 * @param lag for {@link Type#PROCESSED}, how long after its arrival it was processed;
 *     otherwise {@code null}
 * @param error the failure of the attempt, or {@code null}
 */
public record InboxActivity(
    Type type, InboxEvent event, int attempt, @Nullable Duration lag,
    @Nullable Throwable error) {

  /** What happened. */
  public enum Type {
    /** A new event was stored (duplicates are not). */
    RECEIVED,
    /** A duplicate arrived and was acknowledged without being stored again. */
    DUPLICATE,
    /** Every listener handled the event. */
    PROCESSED,
    /** An attempt failed and another is scheduled. */
    RETRY_SCHEDULED,
    /** The event failed for good and became a dead letter. */
    DEAD_LETTERED
  }

  /** Validates the components. */
  public InboxActivity {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(event, "event");
  }
}
