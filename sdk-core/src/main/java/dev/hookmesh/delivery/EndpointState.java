package dev.hookmesh.delivery;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a client remembers about an endpoint across restarts, when its {@link DeliveryStore}
 * keeps it: whether the endpoint is gone (it answered 410) or disabled (it failed for too long),
 * and since when its attempts have failed without a success. The circuit breaker is not here:
 * it reacts within seconds and starts closed in every process.
 *
 * @param endpointId the endpoint's id
 * @param gone whether the endpoint answered 410 Gone
 * @param disabled whether the endpoint was disabled after failing for too long
 * @param failingSince when the current run of failures began, or {@code null} if the last
 *     attempt succeeded
 */
public record EndpointState(
    String endpointId, boolean gone, boolean disabled, @Nullable Instant failingSince) {

  /** Validates the components. */
  public EndpointState {
    Objects.requireNonNull(endpointId, "endpointId");
  }

  /**
   * Whether deliveries to the endpoint are attempted.
   *
   * @return {@code true} unless it is gone or disabled
   */
  public boolean accepting() {
    return !gone && !disabled;
  }
}
