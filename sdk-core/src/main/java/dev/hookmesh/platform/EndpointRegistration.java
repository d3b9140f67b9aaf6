package dev.hookmesh.platform;

import dev.hookmesh.delivery.EndpointState;
import dev.hookmesh.internal.UrlRedaction;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A customer's endpoint as registered: where its webhooks go, what it subscribes to, how they
 * are signed, and how its deliveries stand. Its secret is not here: see
 * {@link WebhookRegistry#revealSecret}.
 *
 * @param id the endpoint's id, which its deliveries refer to
 * @param applicationId the application it belongs to
 * @param url where webhooks are posted
 * @param description what it is for
 * @param eventTypes the event types it subscribes to, as names or {@code *} patterns; empty for
 *     all
 * @param channels the channels it subscribes to; empty for all
 * @param headers headers every request to it carries
 * @param rateLimit the most webhooks per second it receives, or {@code null}
 * @param metadata the provider's labels
 * @param enabled whether it receives webhooks
 * @param ordered whether it takes its deliveries in order
 * @param keyType how its webhooks are signed
 * @param previousSecretExpiresAt while a rotated secret still signs beside the new one, until
 *     when; {@code null} otherwise
 * @param createdAt when it was registered
 * @param updatedAt when it last changed
 * @param deliveryState what the sender keeps about it: gone after a 410, disabled after failing
 *     too long, failing since when; {@code null} if nothing went wrong or it is not known here
 */
public record EndpointRegistration(
    String id,
    String applicationId,
    String url,
    String description,
    List<String> eventTypes,
    Set<String> channels,
    Map<String, String> headers,
    @Nullable Integer rateLimit,
    Map<String, String> metadata,
    boolean enabled,
    boolean ordered,
    KeyType keyType,
    @Nullable Instant previousSecretExpiresAt,
    Instant createdAt,
    Instant updatedAt,
    @Nullable EndpointState deliveryState) {

  /** Validates and copies the components. */
  public EndpointRegistration {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(applicationId, "applicationId");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(description, "description");
    eventTypes = List.copyOf(eventTypes);
    channels = Set.copyOf(channels);
    headers = Map.copyOf(headers);
    metadata = Map.copyOf(metadata);
    Objects.requireNonNull(keyType, "keyType");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  /**
   * The URL without its user info, query or fragment, which may hold the customer's
   * credentials: what to show anyone.
   *
   * @return the URL, shown safely
   */
  public String shownUrl() {
    return UrlRedaction.shown(url);
  }

  /**
   * This registration with another delivery state.
   *
   * @param state the state, or {@code null}
   * @return a copy
   */
  public EndpointRegistration withDeliveryState(@Nullable EndpointState state) {
    return new EndpointRegistration(id, applicationId, url, description, eventTypes, channels,
        headers, rateLimit, metadata, enabled, ordered, keyType, previousSecretExpiresAt,
        createdAt, updatedAt, state);
  }

  /** Shows neither header values nor the URL's credentials. */
  @Override
  public String toString() {
    return "EndpointRegistration[id=" + id + ", applicationId=" + applicationId + ", url="
        + shownUrl() + ", eventTypes=" + eventTypes + ", channels=" + channels + ", headers="
        + headers.keySet() + ", enabled=" + enabled + ", ordered=" + ordered + ", keyType="
        + keyType + "]";
  }
}
