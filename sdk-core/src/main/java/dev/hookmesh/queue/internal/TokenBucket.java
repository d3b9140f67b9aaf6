package dev.hookmesh.queue.internal;

import java.time.Instant;

/**
 * Paces one key: a bucket holding up to a second's worth of tokens, refilled continuously, one
 * token per start. Time comes from the caller, so a test drives it with its clock. Not
 * thread-safe: its owner guards it, a {@link Lane} or a {@code RateLimiter}.
 */
public final class TokenBucket {

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private double tokens = Double.MAX_VALUE; // full: refill() caps it at the rate
  private long refilledAt = Long.MIN_VALUE;

  /**
   * Takes a token if one is there.
   *
   * @param perSecond the rate, at least 1
   * @param now the time
   * @return whether a token was taken
   */
  public boolean take(int perSecond, Instant now) {
    refill(perSecond, now);
    if (tokens < 1) {
      return false;
    }
    tokens -= 1;
    return true;
  }

  /**
   * How long until the next token.
   *
   * @param perSecond the rate, at least 1
   * @param now the time
   * @return nanoseconds, 0 if a token is there now
   */
  public long nanosUntilToken(int perSecond, Instant now) {
    refill(perSecond, now);
    return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) * NANOS_PER_SECOND / perSecond);
  }

  private void refill(int perSecond, Instant now) {
    long at = nanos(now);
    if (refilledAt != Long.MIN_VALUE && at > refilledAt) {
      tokens += (at - refilledAt) * (double) perSecond / NANOS_PER_SECOND;
    }
    tokens = Math.min(perSecond, tokens);
    refilledAt = refilledAt == Long.MIN_VALUE ? at : Math.max(refilledAt, at);
  }

  // Nanoseconds since the epoch fit a long until 2262.
  private static long nanos(Instant instant) {
    return instant.getEpochSecond() * NANOS_PER_SECOND + instant.getNano();
  }
}
