package dev.hookmesh.delivery.internal;

import dev.hookmesh.Endpoint;
import dev.hookmesh.EndpointResolver;
import dev.hookmesh.internal.NoEndpoints;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The endpoints a client has sent to, and those its {@link EndpointResolver} found for
 * deliveries it claimed, by id; with each one's limits, or the client's defaults.
 *
 * <p>An endpoint is asked of the resolver again once it is older than the refresh interval, so
 * that a change made elsewhere (a new URL, a rotated key) reaches deliveries still pending. An
 * endpoint the resolver found before and no longer finds was deleted: its deliveries end. One
 * the resolver never knew, only sent to, stays as sent; without a resolver
 * ({@link EndpointResolver#none()}) none is asked at all.
 */
final class KnownEndpoints {

  private final EndpointResolver resolver;
  private final boolean resolves;
  private final int defaultConcurrency;
  private final Clock clock;
  private final Duration refreshInterval;
  private final Map<String, Known> endpoints = new ConcurrentHashMap<>();
  private final Set<String> deleted = ConcurrentHashMap.newKeySet();

  private record Known(Endpoint endpoint, Instant checkedAt, boolean resolved) {}

  KnownEndpoints(EndpointResolver resolver, int defaultConcurrency, Clock clock,
      Duration refreshInterval) {
    this.resolver = resolver;
    this.resolves = resolver != NoEndpoints.INSTANCE;
    this.defaultConcurrency = defaultConcurrency;
    this.clock = clock;
    this.refreshInterval = refreshInterval;
  }

  /** Remembers an endpoint sent to, replacing an earlier version of it. */
  void sentTo(Endpoint endpoint) {
    deleted.remove(endpoint.id());
    Known before = endpoints.get(endpoint.id());
    endpoints.put(endpoint.id(),
        new Known(endpoint, clock.instant(), before != null && before.resolved()));
  }

  /** The endpoint, known or resolved; {@code null} if it is unknown or was deleted. */
  @Nullable Endpoint find(String endpointId) {
    Known known = endpoints.get(endpointId);
    Instant now = clock.instant();
    if (known != null
        && (!resolves || Duration.between(known.checkedAt(), now).compareTo(refreshInterval) < 0)) {
      return known.endpoint();
    }
    if (known == null && deleted.contains(endpointId)) {
      return null;
    }
    Endpoint found = resolver.find(endpointId).orElse(null);
    if (found != null) {
      endpoints.put(endpointId, new Known(found, now, true));
      return found;
    }
    if (known == null) {
      return null;
    }
    if (known.resolved()) {
      endpoints.remove(endpointId, known);
      deleted.add(endpointId);
      return null;
    }
    endpoints.put(endpointId, new Known(known.endpoint(), now, false));
    return known.endpoint();
  }

  /**
   * Whether the resolver found the endpoint once and no longer does: it was deleted, and its
   * deliveries end as gone.
   */
  boolean deleted(String endpointId) {
    return deleted.contains(endpointId);
  }

  /** The most attempts in flight to the endpoint, its own limit or the client's. */
  int concurrency(Endpoint endpoint) {
    return endpoint.maxConcurrency().orElse(defaultConcurrency);
  }

  /** The endpoint's rate limit per second, 0 for none. */
  static int rateLimit(Endpoint endpoint) {
    return endpoint.rateLimit().orElse(0);
  }
}
