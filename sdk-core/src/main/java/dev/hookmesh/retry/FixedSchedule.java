package dev.hookmesh.retry;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A fixed list of delays: after attempt {@code n} fails, wait {@code delays[n-1]}, moved by up
 * to {@code ± jitter} of itself. By default the policy makes one attempt per delay plus the
 * first one; with more attempts allowed, the last delay repeats.
 *
 * <p>{@link #standardWebhooks()} is the Standard Webhooks ladder. Honours
 * {@code Retry-After} on 429 and 503 within {@link Builder#maxRetryAfter(Duration)}.
 * Immutable and thread-safe (unless given a generator that is not); compares by its
 * parameters.
 *
 * <pre>{@code
 * RetryPolicy policy = FixedSchedule.builder(Duration.ofSeconds(10), Duration.ofMinutes(1))
 *     .jitter(0.1)
 *     .build();
 * }</pre>
 */
public final class FixedSchedule implements RetryPolicy {

  /**
   * The waits of the Standard Webhooks retry schedule. The specification lists
   * "immediately, 5 seconds, 5 minutes, 30 minutes, 2 hours, 5 hours, 10 hours, 10 hours":
   * eight attempts, the first one immediate, then a retry after each of these seven waits.
   */
  public static final List<Duration> STANDARD_WEBHOOKS_DELAYS = List.of(
      Duration.ofSeconds(5),
      Duration.ofMinutes(5),
      Duration.ofMinutes(30),
      Duration.ofHours(2),
      Duration.ofHours(5),
      Duration.ofHours(10),
      Duration.ofHours(10));

  /** The jitter of {@link #standardWebhooks()}: each wait moves by up to ±20%. */
  public static final double STANDARD_WEBHOOKS_JITTER = 0.2;

  /**
   * Default longest time a delivery may run: 3 days, more than the Standard Webhooks ladder
   * takes with +20% jitter (about 33 hours), so that ladder always runs to its end. Raise it
   * for a schedule that waits longer.
   */
  public static final Duration DEFAULT_MAX_ELAPSED = Duration.ofDays(3);

  private static final FixedSchedule STANDARD_WEBHOOKS = builder(STANDARD_WEBHOOKS_DELAYS)
      .jitter(STANDARD_WEBHOOKS_JITTER)
      .build();

  private final List<Duration> delays;
  private final double jitter;
  private final PolicySettings settings;

  private FixedSchedule(Builder builder) {
    this.delays = builder.delays;
    this.jitter = builder.jitter;
    this.settings = builder.settings();
  }

  /**
   * The Standard Webhooks schedule: 8 attempts, waiting 5s, 5m, 30m, 2h, 5h, 10h and 10h
   * between them, each wait ±20%; other 4xx retried.
   *
   * @return the policy; the same as {@link RetryPolicy#standardWebhooks()}
   */
  public static FixedSchedule standardWebhooks() {
    return STANDARD_WEBHOOKS;
  }

  /**
   * A builder for a schedule with these waits and no jitter.
   *
   * @param delays the wait after each failed attempt, in order; at least one, none negative
   * @return a new builder
   * @throws IllegalArgumentException if there is no delay or one is negative
   */
  public static Builder builder(Duration... delays) {
    return builder(Arrays.asList(Objects.requireNonNull(delays, "delays")));
  }

  /**
   * A builder for a schedule with these waits and no jitter.
   *
   * @param delays the wait after each failed attempt, in order; at least one, none negative
   * @return a new builder
   * @throws IllegalArgumentException if there is no delay or one is negative
   */
  public static Builder builder(List<Duration> delays) {
    return new Builder(delays);
  }

  /**
   * A builder starting from this policy's parameters, to derive a variant.
   *
   * @return a new builder
   */
  public Builder newBuilder() {
    return new Builder(this);
  }

  /**
   * The waits, in order.
   *
   * @return an unmodifiable list
   */
  public List<Duration> delays() {
    return delays;
  }

  @Override
  public RetryDecision decide(int attempt, AttemptOutcome outcome) {
    return settings.decide(attempt, outcome, this::jitteredDelay);
  }

  private Duration jitteredDelay(int attempt) {
    Duration delay = delays.get(Math.min(attempt, delays.size()) - 1);
    if (jitter == 0) {
      return delay;
    }
    return Durations.scale(delay, 1 - jitter + 2 * jitter * settings.nextDouble());
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof FixedSchedule that
        && delays.equals(that.delays)
        && Double.compare(jitter, that.jitter) == 0
        && settings.equals(that.settings);
  }

  @Override
  public int hashCode() {
    return Objects.hash(delays, jitter, settings);
  }

  @Override
  public String toString() {
    return "RetryPolicy.fixedSchedule(delays=" + delays + ", jitter=" + jitter + ", " + settings.describe() + ")";
  }

  /** Builds a {@link FixedSchedule}; start from {@link FixedSchedule#builder(Duration...)}. */
  public static final class Builder extends PolicyBuilder<Builder> {

    private final List<Duration> delays;
    private double jitter;

    private Builder(List<Duration> delays) {
      super(delays.size() + 1, DEFAULT_MAX_ELAPSED);
      this.delays = List.copyOf(delays);
      if (this.delays.isEmpty()) {
        throw new IllegalArgumentException("delays must not be empty; use RetryPolicy.none() for no retries");
      }
      for (int i = 0; i < this.delays.size(); i++) {
        Durations.requireNotNegative(this.delays.get(i), "delays[" + i + "]");
      }
    }

    private Builder(FixedSchedule policy) {
      super(policy.settings);
      this.delays = policy.delays;
      this.jitter = policy.jitter;
    }

    @Override
    Builder self() {
      return this;
    }

    /**
     * How far each wait may move, as a fraction of itself: a wait {@code d} becomes a
     * random time in {@code [d * (1 - jitter), d * (1 + jitter)]}. Zero by default.
     *
     * @param jitter from 0.0 to 1.0
     * @return this builder
     * @throws IllegalArgumentException if {@code jitter} is outside 0.0..1.0
     */
    public Builder jitter(double jitter) {
      if (!(jitter >= 0.0 && jitter <= 1.0)) {
        throw new IllegalArgumentException("jitter must be between 0.0 and 1.0, was " + jitter);
      }
      this.jitter = jitter;
      return this;
    }

    /**
     * The policy.
     *
     * @return an immutable policy with this builder's parameters
     */
    public FixedSchedule build() {
      return new FixedSchedule(this);
    }
  }
}
