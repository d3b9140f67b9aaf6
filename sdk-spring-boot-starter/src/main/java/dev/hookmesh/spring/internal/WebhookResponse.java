package dev.hookmesh.spring.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * What to answer a webhook request: a status and, for errors, an RFC 9457 problem document, or
 * for a sender's URL check (Slack's {@code url_verification}) the text it asked to be echoed; for
 * a 429 or 503, how long the sender should wait.
 *
 * @param status the HTTP status
 * @param contentType the body's media type, or {@code null} for no body
 * @param body the body, or {@code null} for none
 * @param retryAfter the {@code Retry-After} to send, or {@code null} for none
 */
public record WebhookResponse(int status, @Nullable String contentType, byte @Nullable [] body,
    @Nullable Duration retryAfter) {

  /** The media type of {@link #problem()}. */
  public static final String PROBLEM_JSON = "application/problem+json";

  /** The media type of {@link #text}. */
  public static final String TEXT_PLAIN = "text/plain;charset=UTF-8";

  /**
   * A response with no body or an {@code application/problem+json} one.
   *
   * @param status the HTTP status
   * @param problem the problem document, or {@code null} for no body
   */
  public WebhookResponse(int status, byte @Nullable [] problem) {
    this(status, problem == null ? null : PROBLEM_JSON, problem, null);
  }

  /**
   * A plain text response.
   *
   * @param status the HTTP status
   * @param text the body, sent as UTF-8
   * @return the response
   */
  public static WebhookResponse text(int status, String text) {
    return new WebhookResponse(status, TEXT_PLAIN, text.getBytes(StandardCharsets.UTF_8), null);
  }

  /**
   * This response, asking the sender to wait before trying again.
   *
   * @param wait how long, sent in whole seconds, at least one
   * @return the response with a {@code Retry-After}
   */
  public WebhookResponse retryAfter(Duration wait) {
    return new WebhookResponse(status, contentType, body, wait);
  }

  /**
   * The {@code Retry-After} value, in whole seconds, rounded up.
   *
   * @return the seconds, or {@code null} if none is sent
   */
  public @Nullable String retryAfterSeconds() {
    if (retryAfter == null) {
      return null;
    }
    long millis = retryAfter.toMillis();
    return Long.toString(Math.max(1, (millis + 999) / 1000));
  }

  /**
   * The problem document, if this is an error response with one.
   *
   * @return the {@code application/problem+json} body, or {@code null}
   */
  public byte @Nullable [] problem() {
    return PROBLEM_JSON.equals(contentType) ? body : null;
  }
}
