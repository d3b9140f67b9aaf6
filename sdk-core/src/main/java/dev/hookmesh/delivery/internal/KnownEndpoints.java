package dev.hookmesh.delivery.internal;

import dev.hookmesh.Endpoint;
import dev.hookmesh.EndpointResolver;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The endpoints a client has sent to, and those its {@link EndpointResolver} found for
 * deliveries it claimed, by id; with each one's limits, or the client's defaults.
 */
final class KnownEndpoints {

  private final EndpointResolver resolver;
  private final int defaultConcurrency;
  private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();

  KnownEndpoints(EndpointResolver resolver, int defaultConcurrency) {
    this.resolver = resolver;
    this.defaultConcurrency = defaultConcurrency;
  }

  /** Remembers an endpoint sent to, replacing an earlier version of it. */
  void sentTo(Endpoint endpoint) {
    endpoints.put(endpoint.id(), endpoint);
  }

  /** The endpoint, known or resolved; {@code null} if the resolver does not know it either. */
  @Nullable Endpoint find(String endpointId) {
    Endpoint known = endpoints.get(endpointId);
    if (known != null) {
      return known;
    }
    Endpoint found = resolver.find(endpointId).orElse(null);
    if (found != null) {
      endpoints.putIfAbsent(endpointId, found);
    }
    return found;
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
