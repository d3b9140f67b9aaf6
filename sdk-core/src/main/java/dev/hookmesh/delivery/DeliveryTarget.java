package dev.hookmesh.delivery;

import dev.hookmesh.Endpoint;
import dev.hookmesh.WebhookMessage;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One endpoint a message is stored for, with the key that orders the delivery: deliveries to
 * one endpoint that share a key are claimed one at a time, in the order they were stored, and
 * one that is not finished holds back those behind it.
 *
 * @param endpointId the endpoint's id
 * @param orderingKey the key, {@link #WHOLE_ENDPOINT} to order it among all of the endpoint's
 *     ordered deliveries without a key of their own, or {@code null} if it is not ordered
 */
public record DeliveryTarget(String endpointId, @Nullable String orderingKey) {

  /** The key of a delivery ordered among all of its endpoint's: an ordered endpoint's. */
  public static final String WHOLE_ENDPOINT = "";

  /** Validates the components. */
  public DeliveryTarget {
    Objects.requireNonNull(endpointId, "endpointId");
  }

  /**
   * An unordered delivery to an endpoint.
   *
   * @param endpointId the endpoint's id
   * @return the target
   */
  public static DeliveryTarget unordered(String endpointId) {
    return new DeliveryTarget(endpointId, null);
  }

  /**
   * Where a message goes to an endpoint, ordered as they say: by the message's ordering key if
   * it has one, else among all of the endpoint's deliveries if the endpoint is
   * {@linkplain Endpoint#ordered() ordered}, else not at all.
   *
   * @param endpoint the endpoint
   * @param message the message
   * @return the target
   */
  public static DeliveryTarget of(Endpoint endpoint, WebhookMessage message) {
    String key = message.orderingKey();
    return new DeliveryTarget(endpoint.id(),
        key != null ? key : endpoint.ordered() ? WHOLE_ENDPOINT : null);
  }

  /**
   * Whether the delivery is ordered.
   *
   * @return {@code true} if it has a key
   */
  public boolean ordered() {
    return orderingKey != null;
  }
}
