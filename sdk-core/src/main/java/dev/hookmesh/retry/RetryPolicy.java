package dev.hookmesh.retry;

import java.time.Duration;

/**
 * Decides, after a delivery attempt that did not succeed, whether and when to try again.
 *
 * <p>One method, so a policy can be a lambda; the built-ins are immutable values that print
 * their parameters and compare by them, and derive variants through {@code newBuilder()}:
 *
 * <pre>{@code
 * RetryPolicy standard = RetryPolicy.standardWebhooks();
 * RetryPolicy patient = RetryPolicy.exponential().newBuilder()
 *     .maxElapsed(Duration.ofHours(48))
 *     .build();
 * RetryPolicy onlyOnce = RetryPolicy.none();
 * }</pre>
 *
 * <p>Every built-in stops for outcomes that are not {@link Classification#RETRYABLE}, after its
 * maximum attempts and before its maximum elapsed time, and honours {@code Retry-After} on 429
 * and 503 within bounds.
 */
@FunctionalInterface
public interface RetryPolicy {

  /**
   * Default for the built-ins' {@code maxRetryAfter}: a {@code Retry-After} can make a
   * built-in policy wait at most one hour.
   */
  Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofHours(1);

  /**
   * Whether and when to retry after an attempt.
   *
   * <p>The dispatcher calls this only for outcomes that are not
   * {@link Classification#SUCCESS}; a policy must still answer {@link RetryDecision#stop()}
   * for {@link Classification#SUCCESS} and {@link Classification#GONE}.
   *
   * @param attempt the number of the attempt that just finished, 1 for the first
   * @param outcome what that attempt returned
   * @return retry after a delay, or stop
   */
  RetryDecision decide(int attempt, AttemptOutcome outcome);

  /**
   * Exponential backoff with full jitter and the defaults named in {@link ExponentialBackoff}:
   * delays drawn below 5s, 10s, 20s, ... capped at 1 hour, 12 attempts, 24 hours at most.
   *
   * @return the default exponential policy; {@code newBuilder()} derives variants
   */
  static ExponentialBackoff exponential() {
    return ExponentialBackoff.defaults();
  }

  /**
   * The Standard Webhooks schedule: 8 attempts, waiting 5s, 5m, 30m, 2h, 5h, 10h and 10h
   * between them, each wait ±20%.
   *
   * @return the policy; {@code newBuilder()} derives variants
   * @see FixedSchedule#STANDARD_WEBHOOKS_DELAYS
   */
  static FixedSchedule standardWebhooks() {
    return FixedSchedule.standardWebhooks();
  }

  /**
   * A fixed schedule without jitter: after attempt {@code n} fails, wait {@code delays[n-1]};
   * one attempt per delay plus the first. For jitter or other limits use
   * {@link FixedSchedule#builder(Duration...)}.
   *
   * @param delays the wait after each failed attempt, in order; at least one, none negative
   * @return the policy
   * @throws IllegalArgumentException if there is no delay or one is negative
   */
  static FixedSchedule fixedSchedule(Duration... delays) {
    return FixedSchedule.builder(delays).build();
  }

  /**
   * Never retry: every delivery gets exactly one attempt.
   *
   * @return the policy
   */
  static RetryPolicy none() {
    return NoRetry.INSTANCE;
  }
}
