package dev.hookmesh.delivery;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of one endpoint's health as a client sees it.
 *
 * @param endpointId the endpoint's id
 * @param circuit the circuit breaker's state
 * @param gone whether the endpoint answered 410 Gone
 * @param disabled whether the endpoint is disabled
 * @param inFlight how many attempts to it are running now
 * @param failingSince when the current run of failures began, or {@code null} if the last
 *     attempt succeeded
 */
public record EndpointHealth(
    String endpointId,
    CircuitState circuit,
    boolean gone,
    boolean disabled,
    int inFlight,
    @Nullable Instant failingSince) {

  /** The states of an endpoint's circuit breaker. */
  public enum CircuitState {
    /** Attempts run normally. */
    CLOSED,
    /** Attempts wait until the cool-down ends; deliveries keep their attempt counts. */
    OPEN,
    /** One probe attempt runs; its result closes or reopens the circuit. */
    HALF_OPEN
  }

  /** Validates the components. */
  public EndpointHealth {
    Objects.requireNonNull(endpointId, "endpointId");
    Objects.requireNonNull(circuit, "circuit");
  }
}
