package dev.hookmesh.platform;

import dev.hookmesh.delivery.DeliveryAttempt;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How an endpoint did over a recent window: the attempts of its deliveries that finished in
 * the window, how many succeeded (a 2xx answer), and how long they took.
 *
 * @param endpointId the endpoint
 * @param window how far back it looks
 * @param attempts how many attempts were counted; at most {@link #MAX_ATTEMPTS}, the most
 *     recent
 * @param succeeded how many of them got a 2xx answer
 * @param successRate {@code succeeded / attempts}, or {@code null} with no attempts
 * @param p50 the median duration of an attempt, or {@code null} with no attempts
 * @param p90 the 90th percentile, or {@code null}
 * @param p99 the 99th percentile, or {@code null}
 */
public record EndpointStats(String endpointId, Duration window, int attempts, int succeeded,
    @Nullable Double successRate, @Nullable Duration p50, @Nullable Duration p90,
    @Nullable Duration p99) {

  /** The most recent attempts a window counts. */
  public static final int MAX_ATTEMPTS = 10_000;

  /** Validates the components. */
  public EndpointStats {
    Objects.requireNonNull(endpointId, "endpointId");
    Objects.requireNonNull(window, "window");
  }

  /**
   * Computes the figures from attempts.
   *
   * @param endpointId the endpoint
   * @param window the window they are from
   * @param attempts the attempts
   * @return the statistics
   */
  public static EndpointStats of(String endpointId, Duration window,
      List<DeliveryAttempt> attempts) {
    if (attempts.isEmpty()) {
      return new EndpointStats(endpointId, window, 0, 0, null, null, null, null);
    }
    long[] millis = new long[attempts.size()];
    int succeeded = 0;
    for (int i = 0; i < millis.length; i++) {
      DeliveryAttempt attempt = attempts.get(i);
      millis[i] = attempt.duration().toMillis();
      if (attempt.succeeded()) {
        succeeded++;
      }
    }
    Arrays.sort(millis);
    return new EndpointStats(endpointId, window, millis.length, succeeded,
        (double) succeeded / millis.length, percentile(millis, 50), percentile(millis, 90),
        percentile(millis, 99));
  }

  private static Duration percentile(long[] sorted, int percentile) {
    int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
    return Duration.ofMillis(sorted[Math.max(0, rank - 1)]);
  }
}
