package dev.hookmesh.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * One attempt in the delivery record: when it started, how long it took, and what came back.
 *
 * @param messageId the message's id
 * @param endpointId the endpoint's id
 * @param attempt its number, 1 for the first attempt of a delivery
 * @param startedAt when the request started
 * @param duration how long until the response (or the error)
 * @param status the response status, or 0 when no response came
 * @param responseHeaders the response headers; empty without a response
 * @param responseBody the start of the response body as text, truncated to the client's bound
 * @param error what went wrong without a response (exception type and message), or
 *     {@code null}
 */
public record DeliveryAttempt(
    String messageId,
    String endpointId,
    int attempt,
    Instant startedAt,
    Duration duration,
    int status,
    Map<String, List<String>> responseHeaders,
    String responseBody,
    @Nullable String error) {

  /** Validates and copies the headers. */
  public DeliveryAttempt {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(endpointId, "endpointId");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(responseBody, "responseBody");
    responseHeaders = Map.copyOf(new LinkedHashMap<>(responseHeaders));
  }

  /**
   * The response status.
   *
   * @return the status, or empty when the attempt got no response
   */
  public OptionalInt statusCode() {
    return status == 0 ? OptionalInt.empty() : OptionalInt.of(status);
  }

  /**
   * Whether the endpoint accepted the message.
   *
   * @return {@code true} for a 2xx response
   */
  public boolean succeeded() {
    return status >= 200 && status <= 299;
  }
}
