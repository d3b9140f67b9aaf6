package dev.hookmesh.http;

import dev.hookmesh.internal.Arguments;
import dev.hookmesh.queue.internal.TokenBucket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Limits how many requests per second something takes: a token bucket holding a second's
 * worth, refilled continuously. Thread-safe. The Spring Boot starter puts one in front of a
 * webhook endpoint that is configured with a rate limit, and answers 429 with
 * {@link #retryAfter()} beyond it.
 *
 * <pre>{@code
 * RateLimiter limiter = RateLimiter.perSecond(50);
 * if (!limiter.tryAcquire()) {
 *   // answer 429, Retry-After: limiter.retryAfter()
 * }
 * }</pre>
 */
public final class RateLimiter {

  private final int perSecond;
  private final Clock clock;
  private final TokenBucket bucket = new TokenBucket();

  private RateLimiter(int perSecond, Clock clock) {
    this.perSecond = perSecond;
    this.clock = clock;
  }

  /**
   * A limiter on the system clock.
   *
   * @param perSecond how many requests per second, at least 1
   * @return the limiter
   */
  public static RateLimiter perSecond(int perSecond) {
    return perSecond(perSecond, Clock.systemUTC());
  }

  /**
   * A limiter on a clock.
   *
   * @param perSecond how many requests per second, at least 1
   * @param clock the clock that refills it
   * @return the limiter
   */
  public static RateLimiter perSecond(int perSecond, Clock clock) {
    return new RateLimiter(Arguments.requireAtLeastOne(perSecond, "perSecond"),
        Objects.requireNonNull(clock, "clock"));
  }

  /**
   * Takes a token if one is there.
   *
   * @return whether the request may go ahead
   */
  public synchronized boolean tryAcquire() {
    return bucket.take(perSecond, clock.instant());
  }

  /**
   * How long until the next token, rounded up to whole seconds as {@code Retry-After} wants.
   *
   * @return at least one second
   */
  public synchronized Duration retryAfter() {
    Instant now = clock.instant();
    long nanos = bucket.nanosUntilToken(perSecond, now);
    return Duration.ofSeconds(Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L));
  }

  /**
   * The limit.
   *
   * @return requests per second
   */
  public int perSecond() {
    return perSecond;
  }

  @Override
  public String toString() {
    return "RateLimiter[" + perSecond + "/s]";
  }
}
