package dev.hookmesh.internal;

import dev.hookmesh.Endpoint;
import dev.hookmesh.EndpointResolver;
import java.util.Optional;

/**
 * The resolver that knows no endpoint, one instance, so that a client can tell it from a
 * resolver that answers for its endpoints.
 */
public final class NoEndpoints implements EndpointResolver {

  /** The instance {@link EndpointResolver#none()} returns. */
  public static final NoEndpoints INSTANCE = new NoEndpoints();

  private NoEndpoints() {}

  @Override
  public Optional<Endpoint> find(String endpointId) {
    return Optional.empty();
  }

  @Override
  public String toString() {
    return "EndpointResolver.none()";
  }
}
