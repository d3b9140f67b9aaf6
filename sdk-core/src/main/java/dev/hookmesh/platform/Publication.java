package dev.hookmesh.platform;

import dev.hookmesh.delivery.Delivery;
import java.util.List;
import java.util.Objects;

/**
 * A message published to an application: the id its receivers see, and a delivery per
 * subscribed endpoint.
 *
 * @param applicationId the application
 * @param messageId the message's own id, as published: the idempotency key
 * @param webhookId the id its receivers see as {@code webhook-id}, derived from the application
 *     and the message id ({@link WebhookPublisher#webhookId})
 * @param deliveries one per endpoint it went to; empty if none subscribed
 * @param duplicate {@code true} if the message was published to the application before: the
 *     deliveries are that publication's, and nothing new was sent
 */
public record Publication(
    String applicationId,
    String messageId,
    String webhookId,
    List<Delivery> deliveries,
    boolean duplicate) {

  /** Validates and copies the components. */
  public Publication {
    Objects.requireNonNull(applicationId, "applicationId");
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(webhookId, "webhookId");
    deliveries = List.copyOf(deliveries);
  }
}
