package dev.hookmesh;

import java.time.Instant;

/**
 * Remembers which messages an endpoint has already handled, so that a message delivered twice
 * (a sender's retry after a lost response, or a replayed request) is handled once.
 *
 * <p>Receivers ask {@link #seen} before handling a verified message and call {@link #markSeen}
 * only after it was handled successfully: a message whose handling failed is not remembered, so
 * the sender's retry is handled again. Two deliveries of one message that arrive at the same
 * moment may both be handled; webhooks are delivered at least once, and this guard narrows
 * duplicates to that race without ever losing a message.
 *
 * <p>The two methods map onto one table keyed by {@code (endpoint, id)}:
 *
 * <pre>{@code
 * seen:     SELECT 1 FROM hookmesh_seen WHERE endpoint = ? AND id = ? AND expires_at > now()
 * markSeen: INSERT INTO hookmesh_seen (endpoint, id, expires_at) VALUES (?, ?, ?)
 *           ON CONFLICT (endpoint, id) DO UPDATE SET expires_at = EXCLUDED.expires_at
 * }</pre>
 *
 * <p>{@link #inMemory(int)} gives a bounded in-process guard. Implementations are thread-safe.
 */
public interface ReplayGuard {

  /**
   * Whether a message was marked as seen and has not expired yet.
   *
   * @param endpoint the receiving endpoint's name; ids are unique per sender, not globally
   * @param id the message id ({@link WebhookEvent#id()}, or the id in the body)
   * @return {@code true} if the message was handled before
   */
  boolean seen(String endpoint, String id);

  /**
   * Remembers a handled message until {@code expiresAt}.
   *
   * @param endpoint the receiving endpoint's name
   * @param id the message id
   * @param expiresAt when the guard may forget it
   */
  void markSeen(String endpoint, String id, Instant expiresAt);

  /**
   * An in-memory guard that forgets entries when they expire, and the oldest entries once it
   * holds {@code maxEntries}. It does not survive a restart and is not shared between
   * instances; use a shared store for those.
   *
   * @param maxEntries the most ids remembered at once, at least 1
   * @return a new guard on the system UTC clock
   */
  static ReplayGuard inMemory(int maxEntries) {
    return new InMemoryReplayGuard(maxEntries, java.time.Clock.systemUTC());
  }
}
