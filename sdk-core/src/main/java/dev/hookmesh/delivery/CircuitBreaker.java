package dev.hookmesh.delivery;

import dev.hookmesh.internal.Arguments;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * When an endpoint's circuit opens, and for how long. An immutable value; each endpoint gets
 * its own breaker with these settings.
 *
 * <p>The circuit opens after {@link #consecutiveFailures()} failed attempts in a row, or when
 * at least {@link #failureRateThreshold()} of the last {@link #window()} attempts failed. While
 * it is open, due deliveries to the endpoint are put back to the end of the cool-down without
 * using an attempt. After {@link #openDuration()} one probe attempt runs (half-open): a success
 * closes the circuit, a failure opens it for another cool-down.
 *
 * <pre>{@code
 * CircuitBreaker breaker = CircuitBreaker.builder()
 *     .consecutiveFailures(5)
 *     .failureRate(0.5, 20)
 *     .openDuration(Duration.ofMinutes(1))
 *     .build();
 * }</pre>
 */
public final class CircuitBreaker {

  /** Default for {@link #consecutiveFailures()}. */
  public static final int DEFAULT_CONSECUTIVE_FAILURES = 10;
  /** Default for {@link #failureRateThreshold()}. */
  public static final double DEFAULT_FAILURE_RATE = 0.5;
  /** Default for {@link #window()}. */
  public static final int DEFAULT_WINDOW = 50;
  /** Default for {@link #openDuration()}. */
  public static final Duration DEFAULT_OPEN_DURATION = Duration.ofSeconds(30);

  private static final CircuitBreaker DEFAULTS = builder().build();
  /** The largest {@link #window()}. */
  public static final int MAX_WINDOW = 10_000;

  private static final CircuitBreaker DISABLED = new CircuitBreaker(builder(), false);

  private final int consecutiveFailures;
  private final double failureRateThreshold;
  private final int window;
  private final Duration openDuration;
  private final boolean enabled;

  private CircuitBreaker(Builder builder, boolean enabled) {
    this.enabled = enabled;
    this.consecutiveFailures = builder.consecutiveFailures;
    this.failureRateThreshold = builder.failureRate;
    this.window = builder.window;
    this.openDuration = builder.openDuration;
  }

  /**
   * The defaults: open after 10 failures in a row or half of the last 50 attempts failing, for
   * 30 seconds.
   *
   * @return the default settings
   */
  public static CircuitBreaker defaults() {
    return DEFAULTS;
  }

  /**
   * A breaker that never opens.
   *
   * @return the settings
   */
  public static CircuitBreaker disabled() {
    return DISABLED;
  }

  /**
   * Starts from the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Whether the breaker can open at all.
   *
   * @return {@code false} only for {@link #disabled()}
   */
  public boolean enabled() {
    return enabled;
  }

  /**
   * How many failed attempts in a row open the circuit.
   *
   * @return at least 1
   */
  public int consecutiveFailures() {
    return consecutiveFailures;
  }

  /**
   * Which share of failures over the {@link #window()} opens the circuit.
   *
   * @return between 0 (exclusive) and 1
   */
  public double failureRateThreshold() {
    return failureRateThreshold;
  }

  /**
   * How many recent attempts the failure rate is measured over; the rate applies only once
   * that many were made.
   *
   * @return at least 1
   */
  public int window() {
    return window;
  }

  /**
   * How long the circuit stays open before a probe.
   *
   * @return a positive duration
   */
  public Duration openDuration() {
    return openDuration;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof CircuitBreaker that
        && enabled == that.enabled
        && consecutiveFailures == that.consecutiveFailures
        && Double.compare(failureRateThreshold, that.failureRateThreshold) == 0
        && window == that.window
        && openDuration.equals(that.openDuration);
  }

  @Override
  public int hashCode() {
    return Objects.hash(enabled, consecutiveFailures, failureRateThreshold, window, openDuration);
  }

  @Override
  public String toString() {
    if (!enabled) {
      return "CircuitBreaker.disabled()";
    }
    return "CircuitBreaker{consecutiveFailures=" + consecutiveFailures + ", failureRate="
        + failureRateThreshold + " over " + window + ", openDuration=" + openDuration + "}";
  }

  /** Builds a {@link CircuitBreaker}. */
  public static final class Builder {

    private int consecutiveFailures = DEFAULT_CONSECUTIVE_FAILURES;
    private double failureRate = DEFAULT_FAILURE_RATE;
    private int window = DEFAULT_WINDOW;
    private Duration openDuration = DEFAULT_OPEN_DURATION;

    private Builder() {}

    /**
     * Opens the circuit after this many failed attempts in a row.
     *
     * @param failures at least 1
     * @return this builder
     */
    public Builder consecutiveFailures(int failures) {
      this.consecutiveFailures = Arguments.requireAtLeastOne(failures, "consecutiveFailures");
      return this;
    }

    /**
     * Opens the circuit when at least {@code threshold} of the last {@code window} attempts
     * failed.
     *
     * @param threshold above 0, at most 1
     * @param window 1 to {@value #MAX_WINDOW} attempts
     * @return this builder
     */
    public Builder failureRate(double threshold, int window) {
      if (!(threshold > 0 && threshold <= 1)) {
        throw new IllegalArgumentException("The failure rate threshold must be in (0, 1], was " + threshold);
      }
      if (window < 1 || window > MAX_WINDOW) {
        throw new IllegalArgumentException(
            "The window must be 1 to " + MAX_WINDOW + " attempts, was " + window);
      }
      this.failureRate = threshold;
      this.window = window;
      return this;
    }

    /**
     * How long the circuit stays open before a probe.
     *
     * @param openDuration positive
     * @return this builder
     */
    public Builder openDuration(Duration openDuration) {
      this.openDuration = Arguments.requirePositive(openDuration, "openDuration");
      return this;
    }

    /**
     * Builds the settings.
     *
     * @return the settings
     */
    public CircuitBreaker build() {
      return new CircuitBreaker(this, true);
    }
  }
}
