package dev.hookmesh.delivery;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Something that happened while delivering, as a {@link DeliveryListener} receives it. A value,
 * like Resilience4j's retry events: it carries the attempt number, the wait before the next
 * attempt, the attempt's record and the exception where they apply.
 *
 * @param type what happened
 * @param endpointId the endpoint concerned
 * @param messageId the message concerned, or {@code null} for endpoint events
 * @param attempt the attempt number; 0 when no attempt is concerned
 * @param lastAttempt the attempt that caused the event, or {@code null}
 * @param nextWait for {@link Type#RETRY_SCHEDULED}, the wait before the next attempt; otherwise
 *     {@code null}
 * @param outcome for {@link Type#FINISHED}, how the delivery ended; otherwise {@code null}
 * @param cause the exception of an attempt that got no response (a timeout, a reset, the SSRF
 *     guard's refusal), or {@code null}
 */
public record DeliveryEvent(
    Type type,
    String endpointId,
    @Nullable String messageId,
    int attempt,
    @Nullable DeliveryAttempt lastAttempt,
    @Nullable Duration nextWait,
    @Nullable DeliveryOutcome outcome,
    @Nullable Throwable cause) {

  /** What happened. */
  public enum Type {
    /**
     * An attempt finished, successful or not; {@code lastAttempt} is its record, which the
     * store may not hold yet: it is written with the delivery's next state.
     */
    ATTEMPTED,
    /** The retry policy scheduled another attempt after {@code nextWait}. */
    RETRY_SCHEDULED,
    /** A delivery ended with {@code outcome}. */
    FINISHED,
    /** The endpoint answered 410 Gone; nothing more is sent to it. */
    ENDPOINT_GONE,
    /** The endpoint failed for longer than the client allows and was disabled. */
    ENDPOINT_DISABLED,
    /** The endpoint was enabled again through the client. */
    ENDPOINT_ENABLED,
    /** The endpoint's circuit breaker opened: deliveries wait without using attempts. */
    CIRCUIT_OPENED,
    /** The endpoint's circuit breaker closed after a successful probe. */
    CIRCUIT_CLOSED
  }

  /** Validates the components. */
  public DeliveryEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(endpointId, "endpointId");
  }
}
