package dev.hookmesh;

import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A bounded, expiring {@link ReplayGuard} in memory: see {@link ReplayGuard#inMemory(int)}.
 * Expired entries are dropped lazily, while marking, so no background thread is needed.
 */
public final class InMemoryReplayGuard implements ReplayGuard {

  /** Keys are {@code endpoint + '\n' + id}: a newline cannot occur in an HTTP header value. */
  private final LinkedHashMap<String, Instant> expiries = new LinkedHashMap<>();
  private final int maxEntries;
  private final Clock clock;

  /**
   * Creates a guard.
   *
   * @param maxEntries the most ids remembered at once, at least 1; the oldest are forgotten first
   * @param clock the clock that decides what has expired
   */
  public InMemoryReplayGuard(int maxEntries, Clock clock) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be at least 1: " + maxEntries);
    }
    this.maxEntries = maxEntries;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public boolean seen(String endpoint, String id) {
    String key = key(endpoint, id);
    synchronized (expiries) {
      Instant expiresAt = expiries.get(key);
      return expiresAt != null && expiresAt.isAfter(clock.instant());
    }
  }

  @Override
  public void markSeen(String endpoint, String id, Instant expiresAt) {
    Objects.requireNonNull(expiresAt, "expiresAt");
    String key = key(endpoint, id);
    Instant now = clock.instant();
    synchronized (expiries) {
      // Re-inserting moves the key to the end, so iteration order stays oldest-marked first.
      expiries.remove(key);
      expiries.put(key, expiresAt);
      Iterator<Map.Entry<String, Instant>> oldestFirst = expiries.entrySet().iterator();
      while (oldestFirst.hasNext()) {
        Map.Entry<String, Instant> entry = oldestFirst.next();
        if (expiries.size() > maxEntries || !entry.getValue().isAfter(now)) {
          oldestFirst.remove();
        } else {
          // Entries further on were marked later; with one window per endpoint they mostly
          // expire later too, and any stragglers are still refused by seen().
          break;
        }
      }
    }
  }

  /**
   * How many ids are held now, expired ones not yet dropped included.
   *
   * @return the number of entries
   */
  public int size() {
    synchronized (expiries) {
      return expiries.size();
    }
  }

  private static String key(String endpoint, String id) {
    return Objects.requireNonNull(endpoint, "endpoint") + '\n' + Objects.requireNonNull(id, "id");
  }

  @Override
  public String toString() {
    return "InMemoryReplayGuard[maxEntries=" + maxEntries + ", size=" + size() + "]";
  }
}
