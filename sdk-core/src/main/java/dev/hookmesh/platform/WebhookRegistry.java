package dev.hookmesh.platform;

import dev.hookmesh.Endpoint;
import dev.hookmesh.EndpointResolver;
import dev.hookmesh.delivery.DeliveryStore;
import dev.hookmesh.delivery.EndpointState;
import dev.hookmesh.platform.PlatformException.Reason;
import dev.hookmesh.platform.internal.Checks;
import dev.hookmesh.platform.internal.RegistryCache;
import dev.hookmesh.platform.internal.SecretCipher;
import dev.hookmesh.signature.Ed25519PrivateKey;
import dev.hookmesh.signature.HmacSecret;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The provider's registry of customers: applications, the endpoints they register with their
 * subscriptions and signing secrets, and the catalog of event types, kept in a
 * {@link RegistryStore} (the application's own database with
 * {@link dev.hookmesh.jdbc.JdbcRegistryStore}). It is also the sender's
 * {@link EndpointResolver}: deliveries find their endpoint's URL and current keys here, after a
 * restart and on every instance.
 *
 * <pre>{@code
 * WebhookRegistry registry = WebhookRegistry.builder(JdbcRegistryStore.builder(dataSource).build(),
 *         EncryptionKeys.of(EncryptionKey.fromBase64("2026-11", keyFromVault)))
 *     .build();
 * Application acme = registry.createApplication(ApplicationSpec.builder("Acme").id("cust_42").build());
 * CreatedEndpoint endpoint = registry.createEndpoint(acme.id(),
 *     EndpointSpec.builder("https://hooks.acme.example/in").eventTypes("invoice.*").build());
 * show(endpoint.secret());   // once; later only through revealSecret
 * }</pre>
 *
 * <p><b>Secrets</b> are generated when an endpoint is registered, encrypted at rest with
 * AES-256-GCM under the {@link EncryptionKeys}' current key, and never logged or shown by
 * {@code toString()}. {@link #rotateSecret} replaces one at once and lets the old one sign
 * beside it for a grace period, so receivers switch without dropping a webhook.
 *
 * <p><b>Caching.</b> Each instance caches what it read per application. Changes it makes are
 * seen at once; changes made by other instances within {@link Builder#refreshInterval}, as the
 * store notes every change. Thread-safe.
 */
public final class WebhookRegistry implements EndpointResolver {

  /** Default for {@link Builder#refreshInterval}: one second. */
  public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofSeconds(1);
  /** The grace period of a rotation when none is given: 24 hours. */
  public static final Duration DEFAULT_ROTATION_GRACE = Duration.ofHours(24);
  /** The longest grace period a rotation accepts. */
  public static final Duration MAX_ROTATION_GRACE = Duration.ofDays(30);

  private final RegistryStore store;
  private final SecretCipher cipher;
  private final Clock clock;
  private final Duration refreshInterval;
  private final @Nullable DeliveryStore deliveries;
  private final RegistryCache cache;
  private volatile @Nullable Catalog catalog;

  /** The catalog as last read, by name. */
  private record Catalog(Map<String, EventType> byName, Instant readAt) {}

  private WebhookRegistry(Builder builder) {
    this.store = builder.store;
    this.cipher = new SecretCipher(builder.keys);
    this.clock = builder.clock;
    this.refreshInterval = builder.refreshInterval;
    this.deliveries = builder.deliveries;
    this.cache = new RegistryCache(store, cipher, clock, refreshInterval);
  }

  /**
   * Starts a registry.
   *
   * @param store where applications, endpoints and event types are kept
   * @param keys the keys that encrypt signing secrets at rest
   * @return a new builder
   */
  public static Builder builder(RegistryStore store, EncryptionKeys keys) {
    return new Builder(store, keys);
  }

  // Applications

  /**
   * Creates an application.
   *
   * @param spec what it should be
   * @return the application
   * @throws PlatformException ({@link Reason#ALREADY_EXISTS}) if its id is taken
   */
  public Application createApplication(ApplicationSpec spec) {
    Instant now = clock.instant();
    String id = spec.id() != null ? spec.id() : Checks.newId("app");
    Application application =
        new Application(id, spec.name(), spec.rateLimit(), spec.metadata(), now, now);
    if (!store.insertApplication(application)) {
      throw new PlatformException(Reason.ALREADY_EXISTS,
          "An application with the id " + id + " exists already");
    }
    cache.changed(id);
    return application;
  }

  /**
   * Finds an application.
   *
   * @param id its id
   * @return the application, or empty
   */
  public Optional<Application> findApplication(String id) {
    return store.application(Objects.requireNonNull(id, "id"));
  }

  /**
   * An application that must exist.
   *
   * @param id its id
   * @return the application
   * @throws PlatformException ({@link Reason#NOT_FOUND}) if there is none
   */
  public Application application(String id) {
    return findApplication(id).orElseThrow(() -> noApplication(id));
  }

  /**
   * Applications in id order, a page at a time.
   *
   * @param after only those after this id, or {@code null} from the first
   * @param limit the most to return, at most 1,000
   * @return the page
   */
  public List<Application> applications(@Nullable String after, int limit) {
    return store.applications(after, Math.min(Math.max(limit, 0), 1_000));
  }

  /**
   * Changes an application's name, rate limit and metadata; its id stays.
   *
   * @param id its id
   * @param spec what it should be; the spec's id is not used
   * @return the application as changed
   * @throws PlatformException ({@link Reason#NOT_FOUND}) if there is none
   */
  public Application updateApplication(String id, ApplicationSpec spec) {
    Application existing = application(id);
    Application updated = new Application(id, spec.name(), spec.rateLimit(), spec.metadata(),
        existing.createdAt(), clock.instant());
    if (!store.updateApplication(updated)) {
      throw noApplication(id);
    }
    cache.changed(id);
    return updated;
  }

  /**
   * Deletes an application and its endpoints. Their pending deliveries end as
   * {@code ENDPOINT_GONE} when the registry was given the {@link DeliveryStore}.
   *
   * @param id its id
   * @throws PlatformException ({@link Reason#NOT_FOUND}) if there is none
   */
  public void deleteApplication(String id) {
    List<EndpointRecord> endpoints = store.endpoints(id);
    if (!store.deleteApplication(id)) {
      throw noApplication(id);
    }
    endpoints.forEach(record -> markGone(record.id()));
    cache.changed(id);
  }

  // Endpoints

  /**
   * Registers an endpoint for an application, with a new signing secret unless the spec brings
   * one.
   *
   * @param applicationId the application
   * @param spec what it should be
   * @return the endpoint, with the key its receiver verifies with, shown this once
   * @throws PlatformException ({@link Reason#NOT_FOUND}) if there is no such application
   */
  public CreatedEndpoint createEndpoint(String applicationId, EndpointSpec spec) {
    application(applicationId);
    String id = Checks.newId("ep");
    Instant now = clock.instant();
    String secret = spec.secret() != null ? spec.secret() : newSecret(spec.keyType());
    EndpointRegistration registration = registration(id, applicationId, spec, null, now, now);
    if (!store.insertEndpoint(new EndpointRecord(registration, cipher.encrypt(id, secret), null))) {
      throw noApplication(applicationId);
    }
    cache.changed(applicationId);
    return new CreatedEndpoint(registration, receiverKey(spec.keyType(), secret));
  }

  /**
   * Finds an application's endpoint.
   *
   * @param applicationId the application
   * @param endpointId the endpoint
   * @return the endpoint, with its delivery state, or empty if the application has no such
   *     endpoint
   */
  public Optional<EndpointRegistration> findEndpoint(String applicationId, String endpointId) {
    return record(applicationId, endpointId).map(record -> withState(record.registration()));
  }

  /**
   * An application's endpoint that must exist.
   *
   * @param applicationId the application
   * @param endpointId the endpoint
   * @return the endpoint, with its delivery state
   * @throws PlatformException ({@link Reason#NOT_FOUND}) if the application has no such
   *     endpoint
   */
  public EndpointRegistration endpoint(String applicationId, String endpointId) {
    return findEndpoint(applicationId, endpointId)
        .orElseThrow(() -> noEndpoint(applicationId, endpointId));
  }

  /**
   * An application's endpoints, in the order they were registered.
   *
   * @param applicationId the application
   * @return the endpoints, with their delivery states
   * @throws PlatformException ({@link Reason#NOT_FOUND}) if there is no such application
   */
  public List<EndpointRegistration> endpoints(String applicationId) {
    application(applicationId);
    List<EndpointRegistration> found = new ArrayList<>();
    for (EndpointRecord record : store.endpoints(applicationId)) {
      found.add(withState(record.registration()));
    }
    return found;
  }

  /**
   * Changes an endpoint: URL, subscriptions, headers, limits, metadata, enabled and ordered.
   * Its secret changes only by {@link #rotateSecret}, and its key type not at all.
   *
   * @param applicationId the application
   * @param endpointId the endpoint
   * @param spec what it should be
   * @return the endpoint as changed
   * @throws PlatformException ({@link Reason#NOT_FOUND}) if the application has no such
   *     endpoint, ({@link Reason#INVALID}) if the spec brings a secret or another key type
   */
  public EndpointRegistration updateEndpoint(String applicationId, String endpointId,
      EndpointSpec spec) {
    EndpointRecord existing = record(applicationId, endpointId)
        .orElseThrow(() -> noEndpoint(applicationId, endpointId));
    if (spec.secret() != null) {
      throw Checks.invalid("An endpoint's secret changes only by rotation: call rotateSecret");
    }
    if (spec.keyType() != existing.registration().keyType()) {
      throw Checks.invalid("An endpoint's key type cannot change; register a new endpoint with"
          + " the key type " + spec.keyType());
    }
    EndpointRegistration old = existing.registration();
    EndpointRegistration updated = registration(endpointId, applicationId, spec,
        old.previousSecretExpiresAt(), old.createdAt(), clock.instant());
    if (!store.updateEndpoint(
        new EndpointRecord(updated, existing.secret(), existing.previousSecret()))) {
      throw noEndpoint(applicationId, endpointId);
    }
    cache.changed(applicationId);
    return withState(updated);
  }

  /**
   * Deletes an endpoint. Its pending deliveries end as {@code ENDPOINT_GONE} when the registry
   * was given the {@link DeliveryStore}.
   *
   * @param applicationId the application
   * @param endpointId the endpoint
   * @throws PlatformException ({@link Reason#NOT_FOUND}) if the application has no such
   *     endpoint
   */
  public void deleteEndpoint(String applicationId, String endpointId) {
    if (!store.deleteEndpoint(applicationId, endpointId)) {
      throw noEndpoint(applicationId, endpointId);
    }
    markGone(endpointId);
    cache.changed(applicationId);
  }

  /**
   * What an endpoint's receiver verifies signatures with: the {@code whsec_...} secret for
   * HMAC, the {@code whpk_...} public key for Ed25519. Call it only to show it to the customer.
   *
   * @param applicationId the application
   * @param endpointId the endpoint
   * @return the key
   * @throws PlatformException ({@link Reason#NOT_FOUND}) if the application has no such
   *     endpoint
   */
  public String revealSecret(String applicationId, String endpointId) {
    EndpointRecord record = record(applicationId, endpointId)
        .orElseThrow(() -> noEndpoint(applicationId, endpointId));
    return receiverKey(record.registration().keyType(), cipher.decrypt(endpointId, record.secret()));
  }

  /**
   * Replaces an endpoint's signing secret at once with a new one of the same key type. For the
   * grace period the old one signs too: every webhook carries both signatures in
   * {@code webhook-signature}, so the receiver accepts it with either key while it switches.
   * Then the old one is dropped by itself. A rotation during another's grace period ends that
   * one: only the latest old secret signs.
   *
   * @param applicationId the application
   * @param endpointId the endpoint
   * @param grace how long the old secret keeps signing, zero to drop it at once, at most 30
   *     days; {@link #DEFAULT_ROTATION_GRACE} is usual
   * @return the new key for the receiver, as {@link #revealSecret} gives it
   * @throws PlatformException ({@link Reason#NOT_FOUND}) if the application has no such
   *     endpoint, ({@link Reason#INVALID}) if the grace period is negative or too long
   */
  public String rotateSecret(String applicationId, String endpointId, Duration grace) {
    Objects.requireNonNull(grace, "grace");
    if (grace.isNegative() || grace.compareTo(MAX_ROTATION_GRACE) > 0) {
      throw Checks.invalid("A rotation's grace period is from zero to 30 days, not " + grace);
    }
    EndpointRecord existing = record(applicationId, endpointId)
        .orElseThrow(() -> noEndpoint(applicationId, endpointId));
    EndpointRegistration old = existing.registration();
    Instant now = clock.instant();
    String secret = newSecret(old.keyType());
    boolean keepOld = !grace.isZero();
    EndpointRegistration rotated = new EndpointRegistration(old.id(), old.applicationId(),
        old.url(), old.description(), old.eventTypes(), old.channels(), old.headers(),
        old.rateLimit(), old.metadata(), old.enabled(), old.ordered(), old.keyType(),
        keepOld ? now.plus(grace) : null, old.createdAt(), now, null);
    if (!store.updateEndpoint(new EndpointRecord(rotated, cipher.encrypt(endpointId, secret),
        keepOld ? existing.secret() : null))) {
      throw noEndpoint(applicationId, endpointId);
    }
    cache.changed(applicationId);
    return receiverKey(old.keyType(), secret);
  }

  /**
   * Encrypts every secret that another key encrypted again under the current key: run it after
   * making a new key current, then retire the old one.
   *
   * @return how many endpoints were re-encrypted
   */
  public int reencryptSecrets() {
    String current = cipher.currentKeyId();
    int changed = 0;
    String after = null;
    List<Application> page;
    do {
      page = store.applications(after, 500);
      for (Application application : page) {
        for (EndpointRecord record : store.endpoints(application.id())) {
          boolean stale = !SecretCipher.keyIdOf(record.secret()).equals(current)
              || (record.previousSecret() != null
              && !SecretCipher.keyIdOf(record.previousSecret()).equals(current));
          if (stale) {
            String id = record.id();
            String previous = record.previousSecret();
            store.updateEndpoint(new EndpointRecord(record.registration(),
                cipher.encrypt(id, cipher.decrypt(id, record.secret())),
                previous == null ? null : cipher.encrypt(id, cipher.decrypt(id, previous))));
            changed++;
          }
        }
        cache.changed(application.id());
        after = application.id();
      }
    } while (!page.isEmpty());
    return changed;
  }

  /** Turns an endpoint on or off in the registry, keeping everything else. */
  void setEnabled(String applicationId, String endpointId, boolean enabled) {
    EndpointRecord existing = record(applicationId, endpointId)
        .orElseThrow(() -> noEndpoint(applicationId, endpointId));
    EndpointRegistration old = existing.registration();
    EndpointRegistration changed = new EndpointRegistration(old.id(), old.applicationId(),
        old.url(), old.description(), old.eventTypes(), old.channels(), old.headers(),
        old.rateLimit(), old.metadata(), enabled, old.ordered(), old.keyType(),
        old.previousSecretExpiresAt(), old.createdAt(), clock.instant(), null);
    if (!store.updateEndpoint(
        new EndpointRecord(changed, existing.secret(), existing.previousSecret()))) {
      throw noEndpoint(applicationId, endpointId);
    }
    cache.changed(applicationId);
  }

  // The event type catalog

  /**
   * Defines an event type, or redefines one of the same name.
   *
   * @param spec what it should be
   * @return the event type
   */
  public EventType defineEventType(EventTypeSpec spec) {
    Instant now = clock.instant();
    Instant created = store.eventType(spec.name()).map(EventType::createdAt).orElse(now);
    EventType type = new EventType(spec.name(), spec.description(), spec.schema(),
        spec.example(), spec.deprecated(), spec.archived(), created, now);
    store.saveEventType(type);
    store.whenSettled(() -> catalog = null);
    return type;
  }

  /**
   * Finds an event type.
   *
   * @param name its name
   * @return the event type, or empty
   */
  public Optional<EventType> findEventType(String name) {
    Objects.requireNonNull(name, "name");
    Instant now = clock.instant();
    Catalog current = catalog;
    if (current == null || Duration.between(current.readAt(), now).compareTo(refreshInterval) >= 0) {
      Map<String, EventType> byName = new LinkedHashMap<>();
      store.eventTypes().forEach(type -> byName.put(type.name(), type));
      current = new Catalog(Map.copyOf(byName), now);
      catalog = current;
    }
    return Optional.ofNullable(current.byName().get(name));
  }

  /**
   * An event type that must exist.
   *
   * @param name its name
   * @return the event type
   * @throws PlatformException ({@link Reason#NOT_FOUND}) if there is none
   */
  public EventType eventType(String name) {
    return findEventType(name).orElseThrow(() -> new PlatformException(Reason.NOT_FOUND,
        "No event type " + Checks.shown(name) + " in the catalog"));
  }

  /**
   * The catalog, archived types included, by name.
   *
   * @return the event types
   */
  public List<EventType> eventTypes() {
    return store.eventTypes();
  }

  /**
   * Deletes an event type. Archiving ({@link EventTypeSpec.Builder#archived}) keeps its history
   * and is usually better.
   *
   * @param name its name
   * @throws PlatformException ({@link Reason#NOT_FOUND}) if there is none
   */
  public void deleteEventType(String name) {
    if (!store.deleteEventType(name)) {
      throw new PlatformException(Reason.NOT_FOUND,
          "No event type " + Checks.shown(name) + " in the catalog");
    }
    store.whenSettled(() -> catalog = null);
  }

  // Delivery

  /**
   * The enabled endpoints of an application subscribed to an event type on any of the
   * channels, ready to send to: from the cache, so that a publish reads nothing from the store
   * once the application is cached.
   *
   * @param applicationId the application
   * @param eventType the message's event type
   * @param channels the channels the message is published to
   * @return the endpoints, in the order they were registered
   * @throws PlatformException ({@link Reason#NOT_FOUND}) if there is no such application
   */
  public List<Endpoint> subscribers(String applicationId, String eventType,
      Set<String> channels) {
    List<Endpoint> subscribed = cache.subscribers(applicationId, eventType, channels);
    if (subscribed == null) {
      throw noApplication(applicationId);
    }
    return subscribed;
  }

  /**
   * The endpoint deliveries to {@code endpointId} go to, with its current keys: empty if it was
   * deleted or is disabled, so that its pending deliveries wait.
   *
   * @param endpointId the endpoint's id
   * @return the endpoint, or empty
   */
  @Override
  public Optional<Endpoint> find(String endpointId) {
    return cache.find(endpointId);
  }

  /**
   * The application's cached entry, loaded if needed.
   *
   * @return the entry, or {@code null} if the application does not exist
   */
  /** The registry's time source, which the publisher shares. */
  Clock clock() {
    return clock;
  }

  @Nullable Application cachedApplication(String applicationId) {
    return cache.application(applicationId);
  }

  private void markGone(String endpointId) {
    cache.deleted(endpointId);
    if (deliveries != null) {
      deliveries.saveEndpointState(new EndpointState(endpointId, true, false, null));
    }
  }

  private Optional<EndpointRecord> record(String applicationId, String endpointId) {
    return store.endpoint(Objects.requireNonNull(endpointId, "endpointId"))
        .filter(record -> record.registration().applicationId().equals(applicationId));
  }

  private EndpointRegistration withState(EndpointRegistration registration) {
    return deliveries == null ? registration
        : registration.withDeliveryState(deliveries.endpointState(registration.id()).orElse(null));
  }

  private static EndpointRegistration registration(String id, String applicationId,
      EndpointSpec spec, @Nullable Instant previousExpiry, Instant createdAt, Instant updatedAt) {
    return new EndpointRegistration(id, applicationId, spec.url(), spec.description(),
        spec.eventTypes(), spec.channels(), spec.headers(), spec.rateLimit(), spec.metadata(),
        spec.enabled(), spec.ordered(), spec.keyType(), previousExpiry, createdAt, updatedAt,
        null);
  }

  private static String newSecret(KeyType type) {
    return type == KeyType.HMAC ? HmacSecret.generate().encode()
        : Ed25519PrivateKey.generate().encode();
  }

  private static String receiverKey(KeyType type, String secret) {
    return type == KeyType.HMAC ? secret : Ed25519PrivateKey.parse(secret).publicKey().encode();
  }

  private static PlatformException noApplication(String id) {
    return new PlatformException(Reason.NOT_FOUND, "No application " + Checks.shown(id));
  }

  private static PlatformException noEndpoint(String applicationId, String endpointId) {
    return new PlatformException(Reason.NOT_FOUND, "The application "
        + Checks.shown(applicationId) + " has no endpoint " + Checks.shown(endpointId));
  }

  @Override
  public String toString() {
    return "WebhookRegistry[" + store + ", cached=" + cache.size() + ", " + cipher + "]";
  }

  /** Configures a {@link WebhookRegistry}. */
  public static final class Builder {
    private final RegistryStore store;
    private final EncryptionKeys keys;
    private Clock clock = Clock.systemUTC();
    private Duration refreshInterval = DEFAULT_REFRESH_INTERVAL;
    private @Nullable DeliveryStore deliveries;

    private Builder(RegistryStore store, EncryptionKeys keys) {
      this.store = Objects.requireNonNull(store, "store");
      this.keys = Objects.requireNonNull(keys, "keys");
    }

    /**
     * The clock for timestamps and rotations' grace periods; the system UTC clock by default.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * How often the registry looks for changes other instances made, and so how long it may
     * use what it cached before they are seen; one second by default.
     *
     * @param interval positive
     * @return this builder
     */
    public Builder refreshInterval(Duration interval) {
      Objects.requireNonNull(interval, "interval");
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("The refresh interval must be positive");
      }
      this.refreshInterval = interval;
      return this;
    }

    /**
     * The sender's store, so that registrations show their delivery state (gone, disabled,
     * failing since) and deleted endpoints' pending deliveries end instead of waiting.
     *
     * @param store the delivery store the sender uses
     * @return this builder
     */
    public Builder deliveryStore(DeliveryStore store) {
      this.deliveries = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * Builds the registry.
     *
     * @return the registry
     */
    public WebhookRegistry build() {
      return new WebhookRegistry(this);
    }
  }
}
