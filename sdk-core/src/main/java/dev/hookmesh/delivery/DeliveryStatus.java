package dev.hookmesh.delivery;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Where one delivery stands in a {@link DeliveryStore}: pending, or finished with an outcome.
 *
 * @param outcome how it ended, or {@code null} while it is pending
 * @param finishedAt when it ended, or {@code null} while it is pending or if the store does not
 *     keep the time
 */
public record DeliveryStatus(@Nullable DeliveryOutcome outcome, @Nullable Instant finishedAt) {

  /** A delivery still pending. */
  public static final DeliveryStatus PENDING = new DeliveryStatus(null, null);

  /**
   * Whether the delivery has ended.
   *
   * @return {@code true} if it has an outcome
   */
  public boolean finished() {
    return outcome != null;
  }
}
