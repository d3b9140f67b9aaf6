package dev.hookmesh.inbox;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * How full an inbox is, for health checks and gauges.
 *
 * @param pending how many events wait to be processed, retries included
 * @param dead how many dead letters wait for a redrive
 * @param oldestPendingReceivedAt when the longest-waiting pending event arrived, or
 *     {@code null} if none is pending
 */
public record InboxStats(long pending, long dead, @Nullable Instant oldestPendingReceivedAt) {}
