package dev.hookmesh.spring.internal.management;

import dev.hookmesh.WebhookMessage;
import dev.hookmesh.delivery.Delivery;
import dev.hookmesh.delivery.DeliveryStore;
import dev.hookmesh.delivery.MessageCursor;
import dev.hookmesh.delivery.MessageQuery;
import dev.hookmesh.delivery.StoredMessage;
import dev.hookmesh.platform.CreatedEndpoint;
import dev.hookmesh.platform.EndpointRegistration;
import dev.hookmesh.platform.EndpointSpec;
import dev.hookmesh.platform.KeyType;
import dev.hookmesh.platform.PlatformException;
import dev.hookmesh.platform.WebhookPublisher;
import dev.hookmesh.platform.WebhookRegistry;
import dev.hookmesh.spring.internal.management.Views.AttemptView;
import dev.hookmesh.spring.internal.management.Views.EndpointView;
import dev.hookmesh.spring.internal.management.Views.MessageDetail;
import dev.hookmesh.spring.internal.management.Views.MessageView;
import dev.hookmesh.spring.internal.management.Views.Page;
import dev.hookmesh.spring.internal.management.Views.SecretView;
import dev.hookmesh.spring.internal.management.Views.StatsView;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the management API and the customer portal do to one application's endpoints and
 * messages, once each has decided that the caller may act on that application: both faces
 * call the same code, so the portal can do nothing the API would not.
 */
public final class PlatformOperations {

  /** The windows an endpoint's statistics are given over. */
  static final List<Duration> STATS_WINDOWS = List.of(Duration.ofHours(1), Duration.ofDays(1));
  /**
   * How far behind now catching up stops: a message whose transaction was still open when a
   * later one was read would otherwise land behind a cursor already handed out.
   */
  static final Duration SETTLED = Duration.ofSeconds(5);

  /** An endpoint as a request describes it; missing fields keep their value on an update. */
  public record EndpointRequest(@Nullable String url, @Nullable String description,
      @Nullable List<String> eventTypes, @Nullable Set<String> channels,
      @Nullable Map<String, String> headers, @Nullable Integer rateLimit,
      @Nullable Map<String, String> metadata, @Nullable Boolean enabled,
      @Nullable Boolean ordered, @Nullable KeyType keyType) {}

  private final WebhookRegistry registry;
  private final WebhookPublisher publisher;
  private final DeliveryStore store;
  private final JsonMapper json;
  private final int shownChars;
  private final Clock clock;

  /**
   * Creates the operations.
   *
   * @param registry the registry
   * @param publisher the publisher
   * @param store the client's delivery store
   * @param json reads payloads for display
   * @param shownChars how much of a body is shown
   * @param clock the time source
   */
  public PlatformOperations(WebhookRegistry registry, WebhookPublisher publisher,
      DeliveryStore store, JsonMapper json, int shownChars, Clock clock) {
    this.registry = registry;
    this.publisher = publisher;
    this.store = store;
    this.json = json;
    this.shownChars = shownChars;
    this.clock = clock;
  }

  /** The newest time catching up reaches: {@link #SETTLED} before now. */
  public Instant settled() {
    return clock.instant().minus(SETTLED);
  }

  /** The registry, for what only one face does. */
  public WebhookRegistry registry() {
    return registry;
  }

  /** The application's endpoints. */
  public List<EndpointView> endpoints(String applicationId) {
    return registry.endpoints(applicationId).stream().map(EndpointView::of).toList();
  }

  /** One endpoint of the application. */
  public EndpointView endpoint(String applicationId, String endpointId) {
    return EndpointView.of(registry.endpoint(applicationId, endpointId));
  }

  /** Registers an endpoint; the answer holds its secret, this once. */
  public SecretView createEndpoint(String applicationId, EndpointRequest request) {
    if (request.url() == null || request.url().isBlank()) {
      throw new PlatformException(PlatformException.Reason.INVALID, "url is required");
    }
    CreatedEndpoint created = registry.createEndpoint(applicationId,
        spec(EndpointSpec.builder(request.url()), request).build());
    return new SecretView(created.registration().id(), created.secret(), null);
  }

  /** Changes the fields the request gives; the others keep their value. */
  public EndpointView updateEndpoint(String applicationId, String endpointId,
      EndpointRequest request) {
    EndpointRegistration old = registry.endpoint(applicationId, endpointId);
    EndpointSpec.Builder spec = EndpointSpec.builder(request.url() != null ? request.url()
            : old.url())
        .description(old.description()).eventTypes(old.eventTypes()).channels(old.channels())
        .headers(old.headers()).metadata(old.metadata()).enabled(old.enabled())
        .ordered(old.ordered()).keyType(old.keyType());
    if (old.rateLimit() != null) {
      spec.rateLimit(old.rateLimit());
    }
    return EndpointView.of(registry.updateEndpoint(applicationId, endpointId,
        spec(spec, request).build()));
  }

  private static EndpointSpec.Builder spec(EndpointSpec.Builder spec, EndpointRequest request) {
    if (request.description() != null) {
      spec.description(request.description());
    }
    if (request.eventTypes() != null) {
      spec.eventTypes(request.eventTypes());
    }
    if (request.channels() != null) {
      spec.channels(request.channels());
    }
    if (request.headers() != null) {
      spec.headers(request.headers());
    }
    if (request.rateLimit() != null) {
      spec.rateLimit(request.rateLimit());
    }
    if (request.metadata() != null) {
      spec.metadata(request.metadata());
    }
    if (request.enabled() != null) {
      spec.enabled(request.enabled());
    }
    if (request.ordered() != null) {
      spec.ordered(request.ordered());
    }
    if (request.keyType() != null) {
      spec.keyType(request.keyType());
    }
    return spec;
  }

  /** Deletes an endpoint; its pending deliveries end. */
  public void deleteEndpoint(String applicationId, String endpointId) {
    registry.deleteEndpoint(applicationId, endpointId);
  }

  /** The endpoint's current secret, or public key for Ed25519. */
  public SecretView secret(String applicationId, String endpointId) {
    return new SecretView(endpointId, registry.revealSecret(applicationId, endpointId),
        registry.endpoint(applicationId, endpointId).previousSecretExpiresAt());
  }

  /** A new secret at once; the old one signs beside it for the grace period. */
  public SecretView rotate(String applicationId, String endpointId, @Nullable Duration grace) {
    String secret = registry.rotateSecret(applicationId, endpointId,
        grace == null ? WebhookRegistry.DEFAULT_ROTATION_GRACE : grace);
    return new SecretView(endpointId, secret,
        registry.endpoint(applicationId, endpointId).previousSecretExpiresAt());
  }

  /** Enabled again, and no longer gone or disabled for the sender. */
  public EndpointView enable(String applicationId, String endpointId) {
    return EndpointView.of(publisher.enableEndpoint(applicationId, endpointId));
  }

  /** Sends again what failed to the endpoint since a time; the ids of the messages. */
  public List<String> recover(String applicationId, String endpointId, Instant since) {
    return publisher.recover(applicationId, endpointId, since).stream()
        .map(Delivery::messageId).toList();
  }

  /** Sends an event type's example to the endpoint; the test message's id. */
  public String sendExample(String applicationId, String endpointId, String eventType) {
    return publisher.sendExample(applicationId, endpointId, eventType).messageId();
  }

  /** The endpoint's statistics over the last hour and day. */
  public List<StatsView> stats(String applicationId, String endpointId) {
    List<StatsView> windows = new ArrayList<>();
    for (Duration window : STATS_WINDOWS) {
      windows.add(StatsView.of(publisher.endpointStats(applicationId, endpointId, window)));
    }
    return windows;
  }

  /**
   * A page of the application's messages, newest first, or oldest first after the cursor for
   * catching up, with each message's payload; a status filter keeps the page's messages in
   * that status, so a page may be short, and the cursor goes on from the last message looked
   * at.
   */
  public Page<MessageView> messages(String applicationId, @Nullable String eventType,
      @Nullable String status, @Nullable Instant from, @Nullable Instant to,
      @Nullable String cursor, int limit, boolean oldestFirst) {
    MessageQuery query = MessageQuery.of(applicationId).eventType(eventType).between(from, to)
        .after(cursor == null ? null : MessageCursor.parse(cursor)).limit(limit);
    List<StoredMessage> page = publisher.messages(oldestFirst ? query.oldestFirst() : query);
    List<MessageView> shown = new ArrayList<>();
    for (StoredMessage stored : page) {
      MessageView view = MessageView.of(stored, store.statuses(stored.message().id()),
          oldestFirst ? Views.payload(stored.message(), json, Integer.MAX_VALUE) : null);
      if (status == null || status.equals(view.status())) {
        shown.add(view);
      }
    }
    String next = page.size() < limit ? null : page.get(page.size() - 1).cursor().encode();
    return new Page<>(shown, next);
  }

  /** One message with its payload and each delivery's status. */
  public MessageDetail message(String applicationId, String messageId) {
    WebhookMessage message = publisher.message(applicationId, messageId).orElseThrow(
        () -> new PlatformException(PlatformException.Reason.NOT_FOUND, "The application "
            + applicationId + " has no message " + messageId));
    Map<String, String> deliveries = new LinkedHashMap<>();
    store.statuses(messageId).forEach((endpoint, status) -> deliveries.put(endpoint,
        status.finished() ? String.valueOf(status.outcome()).toLowerCase(Locale.ROOT)
            : "pending"));
    return new MessageDetail(message.id(), message.eventType(), message.createdAt(),
        Views.payload(message, json, shownChars), deliveries);
  }

  /** A message's attempts, oldest first, bodies cut. */
  public List<AttemptView> attempts(String applicationId, String messageId) {
    return publisher.attempts(applicationId, messageId).stream()
        .map(attempt -> AttemptView.of(attempt, shownChars)).toList();
  }

  /** Sends a message again where its delivery finished; the endpoints it goes to. */
  public List<String> redeliver(String applicationId, String messageId) {
    return publisher.redeliver(applicationId, messageId).stream().map(Delivery::endpointId)
        .toList();
  }
}
