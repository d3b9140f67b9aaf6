package dev.hookmesh.platform;

import dev.hookmesh.Endpoint;
import dev.hookmesh.WebhookClient;
import dev.hookmesh.WebhookMessage;
import dev.hookmesh.delivery.Delivery;
import dev.hookmesh.delivery.DeliveryAttempt;
import dev.hookmesh.delivery.DeliveryStore;
import dev.hookmesh.delivery.EndpointHealth;
import dev.hookmesh.delivery.MessageQuery;
import dev.hookmesh.delivery.StoredMessage;
import dev.hookmesh.platform.PlatformException.Reason;
import dev.hookmesh.platform.internal.Checks;
import dev.hookmesh.platform.internal.PayloadSchema;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Publishes events to applications: a message goes to every enabled endpoint of the application
 * that subscribes to its event type (and channel), in one store write, inside the caller's
 * transaction when the store is the JDBC outbox, so the fan-out is all or nothing and commits
 * with the business change that caused it.
 *
 * <pre>{@code
 * WebhookPublisher publisher = WebhookPublisher.builder(registry, client).build();
 * Publication published = publisher.publish("cust_42",
 *     WebhookMessage.builder("invoice.paid").id("inv_123-paid").payload(invoice).build());
 * }</pre>
 *
 * <p><b>Idempotent.</b> The message's id is the idempotency key: publishing the same id to the
 * same application again returns the first publication's deliveries and sends nothing, for as
 * long as the delivery store keeps the message. Receivers see a {@code webhook-id} derived
 * from the application and the id ({@link #webhookId}), so one id published to two
 * applications is two messages.
 *
 * <p><b>The catalog.</b> By default a message's event type must be in the registry's catalog
 * and not archived, and its payload must match the type's JSON Schema if it has one;
 * {@link Builder#lenientCatalog()} lets unknown types through. Thread-safe.
 */
public final class WebhookPublisher {

  private static final char[] BASE32 = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();

  private final WebhookRegistry registry;
  private final WebhookClient client;
  private final DeliveryStore store;
  private final boolean strict;
  private final Map<String, CompiledType> schemas = new ConcurrentHashMap<>();

  private record CompiledType(EventType type, PayloadSchema schema) {}

  private WebhookPublisher(Builder builder) {
    this.registry = builder.registry;
    this.client = builder.client;
    this.store = client.store();
    this.strict = builder.strict;
  }

  /**
   * Starts a publisher.
   *
   * @param registry where applications, endpoints and the catalog are
   * @param client the client that delivers; its store should be the registry's delivery store
   *     and its endpoint resolver the registry, so that deliveries find their endpoints after a
   *     restart
   * @return a new builder
   */
  public static Builder builder(WebhookRegistry registry, WebhookClient client) {
    return new Builder(registry, client);
  }

  /**
   * Publishes a message to the application's subscribed endpoints.
   *
   * @param applicationId the application
   * @param message the message; its id is the idempotency key
   * @return the publication
   * @throws PlatformException ({@link Reason#NOT_FOUND}) if there is no such application,
   *     ({@link Reason#UNKNOWN_EVENT_TYPE}) if the event type is not in the catalog or is
   *     archived, ({@link Reason#INVALID_PAYLOAD}) if the payload does not match its schema;
   *     nothing is stored then
   */
  public Publication publish(String applicationId, WebhookMessage message) {
    return publish(applicationId, message, Set.of());
  }

  /**
   * Publishes a message to the application's endpoints subscribed to its event type and to at
   * least one of the channels (or to every channel).
   *
   * @param applicationId the application
   * @param message the message; its id is the idempotency key
   * @param channels the channels it is published to
   * @return the publication
   * @throws PlatformException as {@link #publish(String, WebhookMessage)} does, and
   *     ({@link Reason#INVALID}) for a channel name that is not valid
   */
  public Publication publish(String applicationId, WebhookMessage message,
      Set<String> channels) {
    Objects.requireNonNull(applicationId, "applicationId");
    Objects.requireNonNull(message, "message");
    channels.forEach(Checks::channel);
    if (registry.cachedApplication(applicationId) == null) {
      throw new PlatformException(Reason.NOT_FOUND, "No application "
          + Checks.shown(applicationId));
    }
    WebhookMessage encoded = client.encode(message);
    checkCatalog(encoded);
    String webhookId = webhookId(applicationId, message.id());
    WebhookMessage published = encoded.newBuilder().id(webhookId).application(applicationId)
        .build();
    if (store.message(webhookId).isPresent()) {
      return new Publication(applicationId, message.id(), webhookId,
          client.deliveries(webhookId), true);
    }
    List<Endpoint> subscribed =
        registry.subscribers(applicationId, message.eventType(), channels);
    if (subscribed.isEmpty()) {
      store.saveMessage(published); // kept all the same: for idempotency and catching up
      return new Publication(applicationId, message.id(), webhookId, List.of(), false);
    }
    return new Publication(applicationId, message.id(), webhookId,
        client.send(subscribed, published), false);
  }

  private void checkCatalog(WebhookMessage message) {
    String name = message.eventType();
    EventType type = registry.findEventType(name).orElse(null);
    if (type == null || type.archived()) {
      if (!strict && type == null) {
        return;
      }
      throw new PlatformException(Reason.UNKNOWN_EVENT_TYPE, "The event type "
          + Checks.shown(name) + (type == null ? " is not in the catalog" : " is archived")
          + "; define it with WebhookRegistry.defineEventType, or publish one of "
          + catalogNames());
    }
    if (type.schema() != null) {
      schemaOf(type).check(name, message.body());
    }
  }

  private PayloadSchema schemaOf(EventType type) {
    CompiledType compiled = schemas.get(type.name());
    if (compiled == null || !compiled.type().equals(type)) {
      compiled = new CompiledType(type, PayloadSchema.compile(type.name(),
          Objects.requireNonNull(type.schema())));
      schemas.put(type.name(), compiled);
    }
    return compiled.schema();
  }

  private String catalogNames() {
    List<String> names = registry.eventTypes().stream().filter(type -> !type.archived())
        .map(EventType::name).limit(20).toList();
    return names.isEmpty() ? "(the catalog is empty)"
        : names.stream().collect(Collectors.joining(", ", "", names.size() == 20 ? ", ..." : ""));
  }

  /**
   * The {@code webhook-id} receivers see for a message published to an application:
   * {@code msg_} and 26 base32 characters of SHA-256 over the two, stable and unique per
   * application.
   *
   * @param applicationId the application
   * @param messageId the message's id as published
   * @return the webhook id
   */
  public static String webhookId(String applicationId, String messageId) {
    byte[] digest;
    try {
      digest = MessageDigest.getInstance("SHA-256").digest(
          (applicationId + '\u0000' + messageId).getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java runtime has SHA-256", e);
    }
    char[] id = new char[30];
    "msg_".getChars(0, 4, id, 0);
    for (int i = 0; i < 26; i++) {
      int bit = i * 5;
      int value = ((digest[bit / 8] & 0xff) << 8 | (digest[bit / 8 + 1] & 0xff))
          >> (11 - bit % 8) & 31;
      id[4 + i] = BASE32[value];
    }
    return new String(id);
  }

  /**
   * Turns an endpoint back on: enabled in the registry, and no longer gone or disabled for the
   * sender, with its circuit closed.
   *
   * @param applicationId the application
   * @param endpointId the endpoint
   * @return the endpoint as it is now
   * @throws PlatformException ({@link Reason#NOT_FOUND}) if the application has no such
   *     endpoint
   */
  public EndpointRegistration enableEndpoint(String applicationId, String endpointId) {
    EndpointRegistration registration = registry.endpoint(applicationId, endpointId);
    if (!registration.enabled()) {
      registry.setEnabled(applicationId, endpointId, true);
    }
    client.enableEndpoint(endpointId);
    return registry.endpoint(applicationId, endpointId);
  }

  /**
   * Recovers from a customer's outage: sends again every message created since {@code since}
   * whose delivery to the endpoint ended without success, as
   * {@link WebhookClient#recover(String, Instant)} does, once the endpoint is found to be the
   * application's.
   *
   * @param applicationId the application
   * @param endpointId the endpoint
   * @param since the earliest message creation time to send again
   * @return a handle per delivery made pending; empty if nothing failed since then
   * @throws PlatformException ({@link Reason#NOT_FOUND}) if the application has no such
   *     endpoint
   */
  public List<Delivery> recover(String applicationId, String endpointId, Instant since) {
    registry.endpoint(applicationId, endpointId);
    return client.recover(endpointId, since);
  }

  /**
   * An endpoint's health as this instance's sender sees it: circuit, gone, disabled, failing
   * since, deliveries in flight.
   *
   * @param applicationId the application
   * @param endpointId the endpoint
   * @return the health
   * @throws PlatformException ({@link Reason#NOT_FOUND}) if the application has no such
   *     endpoint
   */
  public EndpointHealth endpointHealth(String applicationId, String endpointId) {
    registry.endpoint(applicationId, endpointId);
    return client.endpointHealth(endpointId);
  }

  // The delivery log

  /**
   * A page of the messages published to an application, as the query asks: newest first for a
   * log, or oldest first after a cursor for a consumer catching up.
   *
   * @param query the application, filters, cursor, limit and order
   * @return the messages with the times they were stored
   * @throws PlatformException ({@link Reason#NOT_FOUND}) if there is no such application
   */
  public List<StoredMessage> messages(MessageQuery query) {
    registry.application(query.applicationId());
    return store.messages(query);
  }

  /**
   * A message published to an application; a message of another application is not found.
   *
   * @param applicationId the application
   * @param messageId the message's webhook id, as receivers see it
   * @return the message, or empty
   */
  public Optional<WebhookMessage> message(String applicationId, String messageId) {
    return store.message(messageId)
        .filter(message -> applicationId.equals(message.application()));
  }

  /**
   * The attempts made to deliver an application's message, oldest first.
   *
   * @param applicationId the application
   * @param messageId the message's webhook id
   * @return the attempts
   * @throws PlatformException ({@link Reason#NOT_FOUND}) if the application has no such message
   */
  public List<DeliveryAttempt> attempts(String applicationId, String messageId) {
    requireMessage(applicationId, messageId);
    return store.attempts(messageId);
  }

  /**
   * Sends an application's message again to every endpoint whose delivery of it has finished,
   * with the same {@code webhook-id}.
   *
   * @param applicationId the application
   * @param messageId the message's webhook id
   * @return a handle per delivery made pending; empty while every delivery is still pending
   * @throws PlatformException ({@link Reason#NOT_FOUND}) if the application has no such message
   */
  public List<Delivery> redeliver(String applicationId, String messageId) {
    requireMessage(applicationId, messageId);
    return client.redeliver(messageId);
  }

  /**
   * Sends an event type's example payload to one endpoint, as a message of its own (a new
   * {@code webhook-id}, logged with the application's messages): how a customer checks an
   * endpoint before real events flow.
   *
   * @param applicationId the application
   * @param endpointId the endpoint
   * @param eventType the event type whose example is sent
   * @return the delivery
   * @throws PlatformException ({@link Reason#NOT_FOUND}) if the application has no such
   *     endpoint or the catalog no such type, ({@link Reason#INVALID}) if the type has no
   *     example or the endpoint is disabled
   */
  public Delivery sendExample(String applicationId, String endpointId, String eventType) {
    registry.endpoint(applicationId, endpointId);
    EventType type = registry.eventType(eventType);
    String example = type.example();
    if (example == null) {
      throw Checks.invalid("The event type " + Checks.shown(eventType) + " has no example"
          + " payload to send; define one with EventTypeSpec.Builder.example");
    }
    Endpoint endpoint = registry.find(endpointId).orElseThrow(() -> Checks.invalid(
        "The endpoint " + Checks.shown(endpointId) + " is disabled; enable it first"));
    WebhookMessage message = WebhookMessage.builder(eventType).id(Checks.newId("msg_test"))
        .body(example.getBytes(StandardCharsets.UTF_8), "application/json")
        .application(applicationId)
        .build();
    return client.send(endpoint, message);
  }

  /**
   * How an endpoint did over a recent window: success rate and latency percentiles of the
   * attempts of its deliveries that finished in it.
   *
   * @param applicationId the application
   * @param endpointId the endpoint
   * @param window how far back to look, such as an hour or a day
   * @return the statistics
   * @throws PlatformException ({@link Reason#NOT_FOUND}) if the application has no such
   *     endpoint
   */
  public EndpointStats endpointStats(String applicationId, String endpointId, Duration window) {
    registry.endpoint(applicationId, endpointId);
    Instant since = registry.clock().instant().minus(window);
    return EndpointStats.of(endpointId, window,
        store.recentAttempts(endpointId, since, EndpointStats.MAX_ATTEMPTS));
  }

  private void requireMessage(String applicationId, String messageId) {
    if (message(applicationId, messageId).isEmpty()) {
      throw new PlatformException(Reason.NOT_FOUND, "The application "
          + Checks.shown(applicationId) + " has no message " + Checks.shown(messageId));
    }
  }

  @Override
  public String toString() {
    return "WebhookPublisher[" + registry + ", strict=" + strict + "]";
  }

  /** Configures a {@link WebhookPublisher}. */
  public static final class Builder {
    private final WebhookRegistry registry;
    private final WebhookClient client;
    private boolean strict = true;

    private Builder(WebhookRegistry registry, WebhookClient client) {
      this.registry = Objects.requireNonNull(registry, "registry");
      this.client = Objects.requireNonNull(client, "client");
    }

    /**
     * Lets messages of event types that are not in the catalog through, unchecked; archived
     * types are still refused. For a provider moving to a catalog step by step.
     *
     * @return this builder
     */
    public Builder lenientCatalog() {
      this.strict = false;
      return this;
    }

    /**
     * Builds the publisher.
     *
     * @return the publisher
     */
    public WebhookPublisher build() {
      return new WebhookPublisher(this);
    }
  }
}
