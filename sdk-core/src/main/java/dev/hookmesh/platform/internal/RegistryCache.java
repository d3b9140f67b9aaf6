package dev.hookmesh.platform.internal;

import dev.hookmesh.Endpoint;
import dev.hookmesh.platform.Application;
import dev.hookmesh.platform.EndpointRecord;
import dev.hookmesh.platform.EndpointRegistration;
import dev.hookmesh.platform.RegistryStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * What one registry instance holds of the store, per application: the application and its
 * endpoints, each with its compiled subscription and, once needed, the endpoint as the client
 * sends to it, with decrypted keys. An application is loaded on first use and forgotten when it
 * changes: here at once (and again when the caller's transaction ends), elsewhere when this
 * instance reads the store's change notes, at most once per refresh interval.
 */
public final class RegistryCache {

  // Change notes are read again this far back, for writers whose clocks run behind or whose
  // transactions committed after a later one's.
  private static final Duration CHANGE_MARGIN = Duration.ofSeconds(10);
  /** How long change notes are kept: far longer than any instance takes to read them. */
  private static final Duration CHANGE_NOTES_KEPT = Duration.ofHours(1);
  private static final int MAX_SHARED_SUBSCRIPTIONS = 10_000;

  private final RegistryStore store;
  private final SecretCipher cipher;
  private final Clock clock;
  private final Duration refreshInterval;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();
  private final Map<String, String> owners = new ConcurrentHashMap<>();
  private final Map<SubscriptionKey, Subscription> subscriptions = new ConcurrentHashMap<>();
  private final Object refreshing = new Object();
  private volatile Instant readChangesAt;
  private Instant purgedChangesAt;

  /**
   * Creates an empty cache.
   *
   * @param store the store it reads
   * @param cipher decrypts endpoints' secrets
   * @param clock the time source
   * @param refreshInterval how often change notes are read
   */
  public RegistryCache(RegistryStore store, SecretCipher cipher, Clock clock,
      Duration refreshInterval) {
    this.store = store;
    this.cipher = cipher;
    this.clock = clock;
    this.refreshInterval = refreshInterval;
    this.readChangesAt = clock.instant();
    this.purgedChangesAt = readChangesAt;
  }

  /**
   * The application, loaded if needed.
   *
   * @param applicationId its id
   * @return the application, or {@code null} if it does not exist
   */
  public @Nullable Application application(String applicationId) {
    Cached cached = cached(applicationId);
    return cached == null ? null : cached.application;
  }

  /**
   * The enabled endpoints of an application whose subscription matches.
   *
   * @param applicationId the application
   * @param eventType the message's event type
   * @param channels the channels it is published to
   * @return the endpoints, or {@code null} if the application does not exist
   */
  public @Nullable List<Endpoint> subscribers(String applicationId, String eventType,
      Set<String> channels) {
    Cached cached = cached(applicationId);
    if (cached == null) {
      return null;
    }
    Instant now = clock.instant();
    List<Endpoint> subscribed = new ArrayList<>();
    for (Entry entry : cached.endpoints.values()) {
      if (entry.record.registration().enabled()
          && entry.subscription.matches(eventType, channels)) {
        subscribed.add(entry.endpoint(now));
      }
    }
    return subscribed;
  }

  /**
   * An enabled endpoint by its id, whatever its application.
   *
   * @param endpointId the endpoint's id
   * @return the endpoint, or empty if it does not exist or is disabled
   */
  public Optional<Endpoint> find(String endpointId) {
    refresh();
    String applicationId = owners.get(endpointId);
    if (applicationId == null) {
      Optional<EndpointRecord> record = store.endpoint(endpointId);
      if (record.isEmpty()) {
        return Optional.empty();
      }
      applicationId = record.get().registration().applicationId();
      owners.put(endpointId, applicationId);
    }
    Cached cached = cached(applicationId);
    Entry entry = cached == null ? null : cached.endpoints.get(endpointId);
    if (entry == null || !entry.record.registration().enabled()) {
      return Optional.empty();
    }
    return Optional.of(entry.endpoint(clock.instant()));
  }

  /**
   * Forgets a changed application now and, if the change joined the caller's transaction, when
   * that ends too: what was read of it inside the transaction may have rolled back.
   *
   * @param applicationId the application
   */
  public void changed(String applicationId) {
    store.whenSettled(() -> cache.remove(applicationId));
  }

  /**
   * Forgets which application a deleted endpoint belonged to.
   *
   * @param endpointId the endpoint
   */
  public void deleted(String endpointId) {
    owners.remove(endpointId);
  }

  /**
   * How many applications are cached.
   *
   * @return the count
   */
  public int size() {
    return cache.size();
  }

  private @Nullable Cached cached(String applicationId) {
    refresh();
    Cached cached = cache.get(applicationId);
    if (cached != null) {
      return cached;
    }
    Optional<Application> application = store.application(applicationId);
    if (application.isEmpty()) {
      return null;
    }
    Cached loaded = new Cached(application.get(), store.endpoints(applicationId));
    loaded.endpoints.keySet().forEach(id -> owners.put(id, applicationId));
    Cached raced = cache.putIfAbsent(applicationId, loaded);
    return raced != null ? raced : loaded;
  }

  /** Forgets what is cached of applications other instances changed since the last look. */
  private void refresh() {
    Instant now = clock.instant();
    Instant last = readChangesAt;
    if (Duration.between(last, now).compareTo(refreshInterval) < 0) {
      return;
    }
    synchronized (refreshing) {
      if (readChangesAt != last) {
        return; // another thread looked meanwhile
      }
      store.changedSince(last.minus(CHANGE_MARGIN)).forEach(cache::remove);
      readChangesAt = now;
      if (Duration.between(purgedChangesAt, now).compareTo(CHANGE_NOTES_KEPT) >= 0) {
        store.purgeChanges(now.minus(CHANGE_NOTES_KEPT));
        purgedChangesAt = now;
      }
    }
  }

  /** The compiled subscription, shared by every cached endpoint with the same filters. */
  private Subscription subscription(EndpointRegistration registration) {
    SubscriptionKey key =
        new SubscriptionKey(registration.eventTypes(), registration.channels());
    if (subscriptions.size() > MAX_SHARED_SUBSCRIPTIONS) {
      subscriptions.clear(); // forgets filters no endpoint may use any more
    }
    return subscriptions.computeIfAbsent(key,
        filters -> new Subscription(filters.eventTypes(), filters.channels()));
  }

  @Override
  public String toString() {
    return "RegistryCache[applications=" + cache.size() + "]";
  }

  private record SubscriptionKey(List<String> eventTypes, Set<String> channels) {}

  /** One application as cached: its endpoints, each with what deliveries need. */
  private final class Cached {
    final Application application;
    final Map<String, Entry> endpoints = new LinkedHashMap<>();

    Cached(Application application, List<EndpointRecord> records) {
      this.application = application;
      for (EndpointRecord record : records) {
        endpoints.put(record.id(), new Entry(record, application.rateLimit()));
      }
    }
  }

  /**
   * One endpoint as cached: its subscription, compiled, and the sender's endpoint, built with
   * decrypted keys when it is first needed and again when a rotation's old secret stops signing.
   */
  private final class Entry {
    final EndpointRecord record;
    final Subscription subscription;
    final @Nullable Integer applicationLimit;
    private volatile @Nullable Built built;

    Entry(EndpointRecord record, @Nullable Integer applicationLimit) {
      this.record = record;
      this.applicationLimit = applicationLimit;
      this.subscription = subscription(record.registration());
    }

    Endpoint endpoint(Instant now) {
      boolean previous = record.previousSignsAt(now);
      Built current = built;
      if (current == null || current.withPrevious != previous) {
        current = new Built(build(previous), previous);
        built = current;
      }
      return current.endpoint;
    }

    private Endpoint build(boolean withPrevious) {
      EndpointRegistration registration = record.registration();
      String id = registration.id();
      Endpoint.Builder builder = Endpoint.builder(registration.url())
          .id(id)
          .key(cipher.decrypt(id, record.secret()))
          .ordered(registration.ordered());
      String previous = record.previousSecret();
      if (withPrevious && previous != null) {
        builder.key(cipher.decrypt(id, previous));
      }
      registration.headers().forEach(builder::header);
      Integer limit = registration.rateLimit() != null ? registration.rateLimit()
          : applicationLimit;
      if (limit != null) {
        builder.rateLimit(limit);
      }
      return builder.build();
    }
  }

  private record Built(Endpoint endpoint, boolean withPrevious) {}
}
