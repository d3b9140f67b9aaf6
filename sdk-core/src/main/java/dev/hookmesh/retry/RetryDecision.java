package dev.hookmesh.retry;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A retry policy's answer: retry after a delay, or stop. Immutable; compares by value.
 *
 * <pre>{@code
 * RetryDecision decision = policy.decide(attempt, outcome);
 * if (decision.shouldRetry()) {
 *     schedule(message, decision.delay());
 * }
 * }</pre>
 */
public final class RetryDecision {

  private static final RetryDecision STOP = new RetryDecision(null);

  private final @Nullable Duration delay;

  private RetryDecision(@Nullable Duration delay) {
    this.delay = delay;
  }

  /**
   * Retry once {@code delay} has passed since the attempt ended.
   *
   * @param delay how long to wait; zero retries at once
   * @return a decision to retry
   * @throws IllegalArgumentException if {@code delay} is negative
   */
  public static RetryDecision retryAfter(Duration delay) {
    return new RetryDecision(Durations.requireNotNegative(delay, "delay"));
  }

  /**
   * Do not retry: the delivery ends with the attempt that just finished.
   *
   * @return the decision to stop
   */
  public static RetryDecision stop() {
    return STOP;
  }

  /**
   * Whether another attempt should be made.
   *
   * @return {@code true} for {@link #retryAfter(Duration)}, {@code false} for {@link #stop()}
   */
  public boolean shouldRetry() {
    return delay != null;
  }

  /**
   * How long to wait before the next attempt.
   *
   * @return the delay of a decision to retry
   * @throws IllegalStateException if this is a decision to stop
   */
  public Duration delay() {
    if (delay == null) {
      throw new IllegalStateException("a decision to stop has no delay; check shouldRetry() first");
    }
    return delay;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof RetryDecision that && Objects.equals(delay, that.delay);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(delay);
  }

  @Override
  public String toString() {
    return delay == null ? "RetryDecision.stop()" : "RetryDecision.retryAfter(" + delay + ")";
  }
}
