package dev.hookmesh.retry;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * The settings every built-in policy's builder has. Each setter checks its argument at once,
 * so a bad value fails where it is written.
 *
 * @param <B> the concrete builder, returned by every setter
 */
abstract class PolicyBuilder<B extends PolicyBuilder<B>> {

  int maxAttempts;
  Duration maxElapsed;
  ClientErrorHandling clientErrors = ClientErrorHandling.RETRY;
  Duration maxRetryAfter = RetryPolicy.DEFAULT_MAX_RETRY_AFTER;
  Clock clock = Clock.systemUTC();
  @Nullable RandomGenerator random;

  PolicyBuilder(int maxAttempts, Duration maxElapsed) {
    this.maxAttempts = maxAttempts;
    this.maxElapsed = maxElapsed;
  }

  PolicyBuilder(PolicySettings settings) {
    this.maxAttempts = settings.maxAttempts();
    this.maxElapsed = settings.maxElapsed();
    this.clientErrors = settings.clientErrors();
    this.maxRetryAfter = settings.maxRetryAfter();
    this.clock = settings.clock();
    this.random = settings.random();
  }

  abstract B self();

  /**
   * The most attempts a delivery makes, the first one included; after attempt
   * {@code maxAttempts} the policy stops.
   *
   * @param maxAttempts at least 1; 1 means no retries
   * @return this builder
   * @throws IllegalArgumentException if {@code maxAttempts} is less than 1
   */
  public B maxAttempts(int maxAttempts) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
    }
    this.maxAttempts = maxAttempts;
    return self();
  }

  /**
   * The longest a delivery may run: the policy stops rather than schedule an attempt that
   * would start later than this after the first attempt started
   * ({@link AttemptOutcome#elapsed()} plus the delay).
   *
   * @param maxElapsed positive
   * @return this builder
   * @throws IllegalArgumentException if {@code maxElapsed} is zero or negative
   */
  public B maxElapsed(Duration maxElapsed) {
    this.maxElapsed = Durations.requirePositive(maxElapsed, "maxElapsed");
    return self();
  }

  /**
   * What to do with a 4xx that has no rule of its own; {@link ClientErrorHandling#RETRY} by
   * default.
   *
   * @param clientErrors retry them or stop
   * @return this builder
   */
  public B clientErrors(ClientErrorHandling clientErrors) {
    this.clientErrors = Objects.requireNonNull(clientErrors, "clientErrors");
    return self();
  }

  /**
   * The longest wait a {@code Retry-After} header on a 429 or 503 can impose;
   * {@link RetryPolicy#DEFAULT_MAX_RETRY_AFTER} (one hour) by default. The policy waits
   * {@code max(its own delay, min(Retry-After, maxRetryAfter))}; zero ignores
   * {@code Retry-After}.
   *
   * @param maxRetryAfter zero or positive
   * @return this builder
   * @throws IllegalArgumentException if {@code maxRetryAfter} is negative
   */
  public B maxRetryAfter(Duration maxRetryAfter) {
    this.maxRetryAfter = Durations.requireNotNegative(maxRetryAfter, "maxRetryAfter");
    return self();
  }

  /**
   * The clock that HTTP-date {@code Retry-After} values are measured against;
   * {@link Clock#systemUTC()} by default.
   *
   * @param clock the clock
   * @return this builder
   */
  public B clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return self();
  }

  /**
   * The source of jitter; {@link java.util.concurrent.ThreadLocalRandom} by default. Give a
   * seeded generator for repeatable delays in tests. The policy draws from it on every
   * decision, so a generator that is not thread-safe makes the policy not thread-safe.
   *
   * @param random the generator
   * @return this builder
   */
  public B random(RandomGenerator random) {
    this.random = Objects.requireNonNull(random, "random");
    return self();
  }

  PolicySettings settings() {
    return new PolicySettings(maxAttempts, maxElapsed, clientErrors, maxRetryAfter, clock, random);
  }
}
