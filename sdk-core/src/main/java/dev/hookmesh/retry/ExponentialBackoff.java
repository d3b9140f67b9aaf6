package dev.hookmesh.retry;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Exponential backoff with full jitter: after attempt {@code n} fails, wait a random time in
 * {@code [0, min(maxDelay, initial * multiplier^(n-1))]}. Full jitter spreads the retries of
 * many deliveries that failed together, so a receiver that comes back is not hit by all of
 * them at once.
 *
 * <p>Honours {@code Retry-After} on 429 and 503 within {@link Builder#maxRetryAfter(Duration)}.
 * Immutable and thread-safe (unless given a generator that is not); compares by its
 * parameters.
 *
 * <pre>{@code
 * RetryPolicy policy = ExponentialBackoff.builder()
 *     .initial(Duration.ofSeconds(1))
 *     .maxDelay(Duration.ofMinutes(10))
 *     .maxAttempts(6)
 *     .build();
 * }</pre>
 */
public final class ExponentialBackoff implements RetryPolicy {

  /** Default upper bound of the first retry's delay: 5 seconds. */
  public static final Duration DEFAULT_INITIAL = Duration.ofSeconds(5);

  /** Default growth of the upper bound per attempt: 2.0. */
  public static final double DEFAULT_MULTIPLIER = 2.0;

  /** Default cap on any delay: 1 hour. */
  public static final Duration DEFAULT_MAX_DELAY = Duration.ofHours(1);

  /**
   * Default number of attempts, the first included: 12. With the other defaults the bounds
   * of the 11 delays add up to about 2.4 hours.
   */
  public static final int DEFAULT_MAX_ATTEMPTS = 12;

  /** Default longest time a delivery may run: 24 hours. */
  public static final Duration DEFAULT_MAX_ELAPSED = Duration.ofHours(24);

  private static final ExponentialBackoff DEFAULT = builder().build();

  private final Duration initial;
  private final double multiplier;
  private final Duration maxDelay;
  private final PolicySettings settings;

  private ExponentialBackoff(Builder builder) {
    this.initial = builder.initial;
    this.multiplier = builder.multiplier;
    this.maxDelay = builder.maxDelay;
    this.settings = builder.settings();
  }

  /**
   * The policy with every default; the same as {@link RetryPolicy#exponential()}.
   *
   * @return the default exponential policy
   */
  static ExponentialBackoff defaults() {
    return DEFAULT;
  }

  /**
   * A builder starting from the defaults named by this class's constants.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder starting from this policy's parameters, to derive a variant.
   *
   * @return a new builder
   */
  public Builder newBuilder() {
    return new Builder(this);
  }

  @Override
  public RetryDecision decide(int attempt, AttemptOutcome outcome) {
    return settings.decide(attempt, outcome, this::jitteredDelay);
  }

  /**
   * The upper bound of the delay after attempt {@code attempt}:
   * {@code min(maxDelay, initial * multiplier^(attempt-1))}.
   *
   * @param attempt the attempt that just finished, at least 1
   * @return the bound the jittered delay is drawn below
   * @throws IllegalArgumentException if {@code attempt} is less than 1
   */
  public Duration delayBound(int attempt) {
    PolicySettings.requireAttempt(attempt);
    double bound = Durations.nanos(initial) * Math.pow(multiplier, attempt - 1);
    long maxNanos = Durations.nanos(maxDelay);
    return bound >= maxNanos ? maxDelay : Duration.ofNanos((long) bound);
  }

  private Duration jitteredDelay(int attempt) {
    return Durations.scale(delayBound(attempt), settings.nextDouble());
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof ExponentialBackoff that
        && initial.equals(that.initial)
        && Double.compare(multiplier, that.multiplier) == 0
        && maxDelay.equals(that.maxDelay)
        && settings.equals(that.settings);
  }

  @Override
  public int hashCode() {
    return Objects.hash(initial, multiplier, maxDelay, settings);
  }

  @Override
  public String toString() {
    return "RetryPolicy.exponential(initial=" + initial + ", multiplier=" + multiplier + ", maxDelay=" + maxDelay
        + ", " + settings.describe() + ")";
  }

  /** Builds an {@link ExponentialBackoff}; start from {@link ExponentialBackoff#builder()}. */
  public static final class Builder extends PolicyBuilder<Builder> {

    private Duration initial = DEFAULT_INITIAL;
    private double multiplier = DEFAULT_MULTIPLIER;
    private Duration maxDelay = DEFAULT_MAX_DELAY;

    private Builder() {
      super(DEFAULT_MAX_ATTEMPTS, DEFAULT_MAX_ELAPSED);
    }

    private Builder(ExponentialBackoff policy) {
      super(policy.settings);
      this.initial = policy.initial;
      this.multiplier = policy.multiplier;
      this.maxDelay = policy.maxDelay;
    }

    @Override
    Builder self() {
      return this;
    }

    /**
     * The upper bound of the first retry's delay.
     *
     * @param initial positive
     * @return this builder
     * @throws IllegalArgumentException if {@code initial} is zero or negative
     */
    public Builder initial(Duration initial) {
      this.initial = Durations.requirePositive(initial, "initial");
      return this;
    }

    /**
     * How much the upper bound grows per attempt.
     *
     * @param multiplier finite and at least 1.0; 1.0 keeps the bound at {@code initial}
     * @return this builder
     * @throws IllegalArgumentException if {@code multiplier} is below 1.0, NaN or infinite
     */
    public Builder multiplier(double multiplier) {
      if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
        throw new IllegalArgumentException("multiplier must be finite and at least 1.0, was " + multiplier);
      }
      this.multiplier = multiplier;
      return this;
    }

    /**
     * The cap on the upper bound, however many attempts have failed.
     *
     * @param maxDelay positive
     * @return this builder
     * @throws IllegalArgumentException if {@code maxDelay} is zero or negative
     */
    public Builder maxDelay(Duration maxDelay) {
      this.maxDelay = Durations.requirePositive(maxDelay, "maxDelay");
      return this;
    }

    /**
     * The policy.
     *
     * @return an immutable policy with this builder's parameters
     * @throws IllegalArgumentException if {@code maxDelay} is shorter than {@code initial}
     */
    public ExponentialBackoff build() {
      if (maxDelay.compareTo(initial) < 0) {
        throw new IllegalArgumentException(
            "maxDelay must be at least initial " + initial + ", was " + maxDelay);
      }
      return new ExponentialBackoff(this);
    }
  }
}
