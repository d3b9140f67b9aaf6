package dev.hookmesh.platform;

import java.util.Objects;

/**
 * An endpoint just registered, with what its receiver verifies signatures with, shown this once
 * (later only through {@link WebhookRegistry#revealSecret}).
 *
 * @param registration the endpoint
 * @param secret the receiver's key: the {@code whsec_...} secret for {@link KeyType#HMAC}, the
 *     {@code whpk_...} public key for {@link KeyType#ED25519}
 */
public record CreatedEndpoint(EndpointRegistration registration, String secret) {

  /** Validates the components. */
  public CreatedEndpoint {
    Objects.requireNonNull(registration, "registration");
    Objects.requireNonNull(secret, "secret");
  }

  /** Never shows the secret. */
  @Override
  public String toString() {
    return "CreatedEndpoint[" + registration + ", secret=(redacted)]";
  }
}
