package dev.hookmesh.retry;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntFunction;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * What the built-in policies share: limits, client-error handling, {@code Retry-After} bounds,
 * the clock and the random source. The built-ins differ only in the backoff they pass to
 * {@link #decide(int, AttemptOutcome, IntFunction)}.
 *
 * @param random the jitter source, or {@code null} for {@link ThreadLocalRandom}
 */
record PolicySettings(
    int maxAttempts,
    Duration maxElapsed,
    ClientErrorHandling clientErrors,
    Duration maxRetryAfter,
    Clock clock,
    @Nullable RandomGenerator random) {

  /**
   * Stops unless the outcome is retryable, attempts are left and the next attempt would
   * start within the maximum elapsed time; otherwise retries after the backoff's delay for
   * {@code attempt}, raised to the server's {@code Retry-After} (at most
   * {@link #maxRetryAfter()}) on 429 and 503.
   */
  RetryDecision decide(int attempt, AttemptOutcome outcome, IntFunction<Duration> backoff) {
    requireAttempt(attempt);
    if (outcome.classification(clientErrors) != Classification.RETRYABLE || attempt >= maxAttempts) {
      return RetryDecision.stop();
    }
    Duration delay = backoff.apply(attempt);
    Duration requested = requestedDelay(outcome);
    if (requested.compareTo(delay) > 0) {
      delay = requested;
    }
    if (outcome.elapsed().plus(delay).compareTo(maxElapsed) > 0) {
      return RetryDecision.stop();
    }
    return RetryDecision.retryAfter(delay);
  }

  static void requireAttempt(int attempt) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be at least 1, was " + attempt);
    }
  }

  /** A uniform draw from [0, 1). */
  double nextDouble() {
    return (random == null ? ThreadLocalRandom.current() : random).nextDouble();
  }

  private Duration requestedDelay(AttemptOutcome outcome) {
    int status = outcome.status().orElse(0);
    if (!RetryAfter.HONOURED_STATUSES.contains(status)) {
      return Duration.ZERO;
    }
    Duration requested = RetryAfter.parse(outcome.header("Retry-After"), clock.instant()).orElse(Duration.ZERO);
    return requested.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : requested;
  }

  /** The parameters, for the policies' {@code toString()}. */
  String describe() {
    return "maxAttempts=" + maxAttempts + ", maxElapsed=" + maxElapsed + ", clientErrors=" + clientErrors
        + ", maxRetryAfter=" + maxRetryAfter;
  }
}
