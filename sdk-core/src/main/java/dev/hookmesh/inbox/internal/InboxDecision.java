package dev.hookmesh.inbox.internal;

import dev.hookmesh.inbox.InboxSettlement;
import org.jspecify.annotations.Nullable;

/**
 * What became of an inbox event a worker took: the settlement to write, the failure behind it,
 * and whether the settlement was written already, inside the handler's own transaction.
 *
 * @param settlement what the store writes
 * @param error the failure of the attempt, or {@code null}
 * @param written whether the store wrote it already; then {@code held} says whether the lease
 *     was still held
 * @param held with {@code written}, whether the write took effect
 */
public record InboxDecision(InboxSettlement settlement, @Nullable Throwable error, boolean written,
    boolean held) {

  /** A settlement still to write. */
  static InboxDecision of(InboxSettlement settlement, @Nullable Throwable error) {
    return new InboxDecision(settlement, error, false, false);
  }
}
