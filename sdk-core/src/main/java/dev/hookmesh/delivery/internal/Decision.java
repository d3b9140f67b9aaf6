package dev.hookmesh.delivery.internal;

import dev.hookmesh.delivery.Settlement;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * What became of a delivery the engine worked on: the {@link Settlement} to write, and what its
 * listeners hear once it is written.
 *
 * @param settlement what the store writes
 * @param retryIn for a retry, the wait before the next attempt; otherwise {@code null}
 * @param cause the exception of an attempt that got no response, or {@code null}
 */
record Decision(Settlement settlement, @Nullable Duration retryIn, @Nullable Throwable cause) {

  static Decision of(Settlement settlement) {
    return new Decision(settlement, null, null);
  }
}
