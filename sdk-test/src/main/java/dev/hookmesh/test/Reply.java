package dev.hookmesh.test;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;

/**
 * How a {@link TestEndpoint} answers one request: a status, with a {@code Retry-After}, after a
 * delay, or a connection reset. An endpoint answers its script's replies in order, then
 * {@link #ok()} for every request after.
 *
 * <pre>{@code
 * customer.replies(Reply.status(500), Reply.retryAfter(503, Duration.ofSeconds(2)), Reply.ok());
 * }</pre>
 */
public final class Reply {

  private final int status;
  private final Duration retryAfter;
  private final Duration delay;
  private final boolean reset;

  private Reply(int status, Duration retryAfter, Duration delay, boolean reset) {
    this.status = status;
    this.retryAfter = retryAfter;
    this.delay = delay;
    this.reset = reset;
  }

  /**
   * A status and an empty body.
   *
   * @param status 100 to 599
   * @return the reply
   * @throws IllegalArgumentException for another number
   */
  public static Reply status(int status) {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("An HTTP status is 100 to 599, not " + status);
    }
    return new Reply(status, Duration.ZERO, Duration.ZERO, false);
  }

  /**
   * 204 No Content: accepted.
   *
   * @return the reply
   */
  public static Reply ok() {
    return status(204);
  }

  /**
   * 410 Gone: the endpoint is gone for good, and a sender should stop.
   *
   * @return the reply
   */
  public static Reply gone() {
    return status(410);
  }

  /**
   * A status with a {@code Retry-After} in whole seconds, as 429 and 503 carry.
   *
   * @param status the status
   * @param after how long the sender should wait
   * @return the reply
   */
  public static Reply retryAfter(int status, Duration after) {
    Objects.requireNonNull(after, "after");
    return new Reply(status(status).status, after, Duration.ZERO, false);
  }

  /**
   * The connection closed before any response: what a crashed receiver or a proxy gives.
   *
   * @return the reply
   */
  public static Reply reset() {
    return new Reply(204, Duration.ZERO, Duration.ZERO, true);
  }

  /**
   * This reply after a delay before its headers, for timeouts.
   *
   * @param delay how long to wait
   * @return a new reply
   */
  public Reply after(Duration delay) {
    return new Reply(status, retryAfter, Objects.requireNonNull(delay, "delay"), reset);
  }

  /** The status answered, or 0 for a reset. */
  int statusOrZero() {
    return reset ? 0 : status;
  }

  MockResponse toResponse() {
    MockResponse.Builder response = new MockResponse.Builder().code(status);
    if (!retryAfter.isZero()) {
      response.setHeader("Retry-After", Long.toString(Math.max(1, retryAfter.toSeconds())));
    }
    if (!delay.isZero()) {
      response.headersDelay(delay.toMillis(), TimeUnit.MILLISECONDS);
    }
    if (reset) {
      response.onResponseStart(new SocketEffect.CloseSocket());
    }
    return response.build();
  }

  @Override
  public String toString() {
    return reset ? "Reply[reset]" : "Reply[" + status
        + (retryAfter.isZero() ? "" : ", Retry-After " + retryAfter.toSeconds() + "s")
        + (delay.isZero() ? "" : ", after " + delay) + "]";
  }
}
