package dev.hookmesh.retry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The result of one delivery attempt: the response's status and headers, or the error that
 * prevented a response, plus how long the attempt took and how long the delivery has been
 * running. Immutable; compares by value (the error by identity).
 *
 * <pre>{@code
 * AttemptOutcome outcome = AttemptOutcome.response(503, headers, Duration.ofMillis(120))
 *     .withElapsed(Duration.between(firstAttemptStartedAt, now));
 * }</pre>
 */
public final class AttemptOutcome {

  private final int status;
  private final Map<String, List<String>> headers;
  private final @Nullable Throwable error;
  private final Duration duration;
  private final Duration elapsed;

  private AttemptOutcome(
      int status,
      Map<String, List<String>> headers,
      @Nullable Throwable error,
      Duration duration,
      Duration elapsed) {
    this.status = status;
    this.headers = headers;
    this.error = error;
    this.duration = duration;
    this.elapsed = elapsed;
  }

  /**
   * An attempt that got an HTTP response. {@link #elapsed()} starts equal to
   * {@code duration}, right for a first attempt; set it with {@link #withElapsed(Duration)}
   * for later ones.
   *
   * @param status the response's status code, 100 to 599
   * @param headers the response's headers; names are matched case-insensitively
   * @param duration how long the attempt took, not negative
   * @return the outcome
   * @throws IllegalArgumentException if the status is outside 100..599 or the duration is
   *     negative
   */
  public static AttemptOutcome response(int status, Map<String, List<String>> headers, Duration duration) {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("status must be between 100 and 599, was " + status);
    }
    Durations.requireNotNegative(duration, "duration");
    return new AttemptOutcome(status, copyHeaders(headers), null, duration, duration);
  }

  /**
   * An attempt that got no response, such as a timeout
   * ({@link java.net.SocketTimeoutException}), a reset connection
   * ({@link java.net.SocketException}) or an unknown host
   * ({@link java.net.UnknownHostException}).
   *
   * @param error why there was no response
   * @param duration how long the attempt took, not negative
   * @return the outcome
   * @throws IllegalArgumentException if the duration is negative
   */
  public static AttemptOutcome failure(Throwable error, Duration duration) {
    Objects.requireNonNull(error, "error");
    Durations.requireNotNegative(duration, "duration");
    return new AttemptOutcome(0, Map.of(), error, duration, duration);
  }

  /**
   * A copy of this outcome with the time since the delivery's first attempt started; the
   * retry policy's maximum elapsed time is measured against it.
   *
   * @param elapsed from the start of the first attempt to the end of this one; at least
   *     {@link #duration()}
   * @return the copy
   * @throws IllegalArgumentException if {@code elapsed} is shorter than this attempt's
   *     duration
   */
  public AttemptOutcome withElapsed(Duration elapsed) {
    Objects.requireNonNull(elapsed, "elapsed");
    if (elapsed.compareTo(duration) < 0) {
      throw new IllegalArgumentException(
          "elapsed must be at least the attempt's duration " + duration + ", was " + elapsed);
    }
    return new AttemptOutcome(status, headers, error, duration, elapsed);
  }

  /**
   * The response's status code.
   *
   * @return the status, or empty when the attempt got no response
   */
  public OptionalInt status() {
    return error == null ? OptionalInt.of(status) : OptionalInt.empty();
  }

  /**
   * The response's headers.
   *
   * @return an unmodifiable map with lower-case names whose lookups ignore case; empty when
   *     the attempt got no response
   */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /**
   * The first value of a response header.
   *
   * @param name the header's name, in any case
   * @return the first value, or {@code null} when the header is absent
   */
  public @Nullable String header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /**
   * Why the attempt got no response.
   *
   * @return the error, or {@code null} when there was a response
   */
  public @Nullable Throwable error() {
    return error;
  }

  /**
   * How long this attempt took.
   *
   * @return the attempt's duration
   */
  public Duration duration() {
    return duration;
  }

  /**
   * How long the delivery has been running: from the start of its first attempt to the end
   * of this one.
   *
   * @return the elapsed time, at least {@link #duration()}
   */
  public Duration elapsed() {
    return elapsed;
  }

  /**
   * This outcome's classification with other 4xx retried ({@link ClientErrorHandling#RETRY}).
   *
   * @return the classification
   * @see Classification
   */
  public Classification classification() {
    return classification(ClientErrorHandling.RETRY);
  }

  /**
   * This outcome's classification under the rules listed at {@link Classification}.
   *
   * @param clientErrors what to do with a 4xx that has no rule of its own
   * @return the classification
   */
  public Classification classification(ClientErrorHandling clientErrors) {
    Objects.requireNonNull(clientErrors, "clientErrors");
    if (error != null) {
      return isNonRetryable(error) ? Classification.STOP : Classification.RETRYABLE;
    }
    if (status >= 200 && status <= 299) {
      return Classification.SUCCESS;
    }
    if (status == 410) {
      return Classification.GONE;
    }
    if (status == 408 || status == 425 || status == 429 || status >= 500) {
      return Classification.RETRYABLE;
    }
    if (status >= 400) {
      return clientErrors == ClientErrorHandling.STOP ? Classification.STOP : Classification.RETRYABLE;
    }
    return Classification.RETRYABLE;
  }

  // Transports wrap exceptions (OkHttp wraps Dns failures, for one), so look through causes.
  private static boolean isNonRetryable(Throwable error) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable t = error; t != null && seen.add(t); t = t.getCause()) {
      if (t instanceof NonRetryableException) {
        return true;
      }
    }
    return false;
  }

  private static Map<String, List<String>> copyHeaders(Map<String, List<String>> headers) {
    Objects.requireNonNull(headers, "headers");
    // Lower-case keys keep equals and hashCode consistent; the comparator makes lookups ignore case.
    Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((name, values) -> {
      Objects.requireNonNull(name, "header name");
      Objects.requireNonNull(values, () -> "values of header " + name);
      copy.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>()).addAll(values);
    });
    copy.replaceAll((name, values) -> List.copyOf(values));
    return Collections.unmodifiableMap(copy);
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof AttemptOutcome that
        && status == that.status
        && headers.equals(that.headers)
        && error == that.error
        && duration.equals(that.duration)
        && elapsed.equals(that.elapsed);
  }

  @Override
  public int hashCode() {
    return Objects.hash(status, headers, System.identityHashCode(error), duration, elapsed);
  }

  @Override
  public String toString() {
    String result = error == null ? "status=" + status + ", headers=" + headers : "error=" + error;
    return "AttemptOutcome{" + result + ", duration=" + duration + ", elapsed=" + elapsed + "}";
  }
}
