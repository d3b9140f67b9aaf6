package dev.hookmesh;


import dev.hookmesh.internal.NoEndpoints;
import java.util.Optional;

/**
 * Finds an endpoint by its {@linkplain Endpoint#id() id}, so a client can deliver what a
 * {@link dev.hookmesh.delivery.DeliveryStore} holds for endpoints it has not been handed in this
 * process, typically after a restart:
 *
 * <pre>{@code
 * EndpointResolver fromDatabase = id -> customerEndpoints.findById(id).map(row ->
 *     Endpoint.of(row.id(), row.url(), row.secret()));
 * }</pre>
 *
 * <p>The client asks its own cache first: endpoints passed to {@code send} in this process,
 * most recent first. Answers must be quick (the client calls it on its dispatch thread) and may
 * be cached by the implementation.
 */
@FunctionalInterface
public interface EndpointResolver {

  /**
   * Finds an endpoint.
   *
   * @param endpointId the endpoint's id
   * @return the endpoint, or empty if it no longer exists; its pending deliveries then wait
   */
  Optional<Endpoint> find(String endpointId);

  /**
   * A resolver that knows no endpoint: only those sent to in this process are delivered.
   *
   * @return the resolver
   */
  static EndpointResolver none() {
    return NoEndpoints.INSTANCE;
  }
}
