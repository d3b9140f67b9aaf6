package dev.hookmesh.spring.internal.management;

import dev.hookmesh.WebhookMessage;
import dev.hookmesh.delivery.DeliveryAttempt;
import dev.hookmesh.delivery.DeliveryStatus;
import dev.hookmesh.delivery.EndpointState;
import dev.hookmesh.delivery.StoredMessage;
import dev.hookmesh.platform.EndpointRegistration;
import dev.hookmesh.platform.KeyType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the management API and the portal answer with: the platform's values as JSON shows
 * them, without anything secret. An endpoint shows its URL without user info or query and its
 * extra headers by name only, since either may hold the customer's credentials; bodies are
 * cut to a configured length.
 */
public final class Views {

  private Views() {}

  /** A page of items and the cursor of the next one, {@code null} on the last page. */
  public record Page<T>(List<T> data, @Nullable String next) {}

  /** An endpoint as shown. */
  public record EndpointView(String id, String applicationId, String url, String description,
      List<String> eventTypes, Set<String> channels, Set<String> headerNames,
      @Nullable Integer rateLimit, Map<String, String> metadata, boolean enabled,
      boolean ordered, KeyType keyType, @Nullable Instant previousSecretExpiresAt,
      Instant createdAt, Instant updatedAt, String state, @Nullable Instant failingSince) {

    /** Shows a registration. */
    public static EndpointView of(EndpointRegistration registration) {
      EndpointState delivery = registration.deliveryState();
      String state = !registration.enabled() ? "disabled"
          : delivery == null ? "active"
          : delivery.gone() ? "gone"
          : delivery.disabled() ? "auto-disabled"
          : delivery.failingSince() != null ? "failing" : "active";
      return new EndpointView(registration.id(), registration.applicationId(),
          registration.shownUrl(), registration.description(), registration.eventTypes(),
          registration.channels(), new TreeSet<>(registration.headers().keySet()),
          registration.rateLimit(), registration.metadata(), registration.enabled(),
          registration.ordered(), registration.keyType(),
          registration.previousSecretExpiresAt(), registration.createdAt(),
          registration.updatedAt(), state, delivery == null ? null : delivery.failingSince());
    }
  }

  /** A secret, shown on creation, on request and after a rotation. */
  public record SecretView(String endpointId, String secret,
      @Nullable Instant previousSecretExpiresAt) {}

  /**
   * A message in a list: what it is, where it stands, and for catching up its payload.
   *
   * @param payload the payload when catching up, {@code null} in the log
   */
  public record MessageView(String id, String eventType, Instant createdAt, Instant storedAt,
      String status, String cursor, @Nullable Object payload) {

    /** Shows a stored message with its deliveries' statuses, and its payload if given. */
    public static MessageView of(StoredMessage stored, Map<String, DeliveryStatus> statuses,
        @Nullable Object payload) {
      WebhookMessage message = stored.message();
      return new MessageView(message.id(), message.eventType(), message.createdAt(),
          stored.storedAt(), Views.status(statuses), stored.cursor().encode(), payload);
    }
  }

  /** One message with its payload and each delivery's status. */
  public record MessageDetail(String id, String eventType, Instant createdAt, Object payload,
      Map<String, String> deliveries) {}

  /** One attempt, with its response body cut to the configured length. */
  public record AttemptView(String endpointId, int attempt, Instant startedAt,
      @Nullable Integer status, long durationMs, @Nullable String error, String responseBody,
      boolean succeeded) {

    /** Shows an attempt. */
    public static AttemptView of(DeliveryAttempt attempt, int shownChars) {
      return new AttemptView(attempt.endpointId(), attempt.attempt(), attempt.startedAt(),
          attempt.statusCode().isPresent() ? attempt.statusCode().getAsInt() : null,
          attempt.duration().toMillis(), attempt.error(),
          cut(attempt.responseBody(), shownChars), attempt.succeeded());
    }
  }

  /** An endpoint's statistics over one window, durations in milliseconds. */
  public record StatsView(String window, int attempts, int succeeded,
      @Nullable Double successRate, @Nullable Long p50Ms, @Nullable Long p90Ms,
      @Nullable Long p99Ms) {

    /** Shows statistics. */
    public static StatsView of(dev.hookmesh.platform.EndpointStats stats) {
      return new StatsView(stats.window().toString(), stats.attempts(), stats.succeeded(),
          stats.successRate(), millis(stats.p50()), millis(stats.p90()), millis(stats.p99()));
    }

    private static @Nullable Long millis(@Nullable Duration duration) {
      return duration == null ? null : duration.toMillis();
    }
  }

  /**
   * A message's status over its deliveries: pending while one is, failed if one ended without
   * success, delivered when all were, none without deliveries.
   */
  public static String status(Map<String, DeliveryStatus> statuses) {
    if (statuses.isEmpty()) {
      return "none";
    }
    boolean failed = false;
    for (DeliveryStatus status : statuses.values()) {
      if (!status.finished()) {
        return "pending";
      }
      failed |= status.outcome() != dev.hookmesh.delivery.DeliveryOutcome.DELIVERED;
    }
    return failed ? "failed" : "delivered";
  }

  /** The body as JSON when it parses, so the answer nests it; as text, cut, otherwise. */
  public static Object payload(WebhookMessage message, JsonMapper json, int shownChars) {
    if (message.contentType().startsWith("application/json")) {
      try {
        return json.readTree(message.body());
      } catch (JacksonException e) {
        // shown as text below
      }
    }
    return cut(new String(message.body(), StandardCharsets.UTF_8), shownChars);
  }

  /** An id from a request, as an error message may repeat it: printable, at most 80 chars. */
  public static String shownId(String id) {
    return cut(id.replaceAll("\\p{Cntrl}", "?"), 80);
  }

  /** Text cut to {@code max} characters, with an ellipsis when cut. */
  public static String cut(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max) + "…";
  }
}
