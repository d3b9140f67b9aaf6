package dev.hookmesh.platform;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An endpoint as a {@link RegistryStore} keeps it: the registration, and its signing secrets
 * encrypted by the registry, which the store keeps as opaque text.
 *
 * @param registration the registration, without a delivery state
 * @param secret the current signing secret, encrypted
 * @param previousSecret the secret it replaced, encrypted, while it still signs; or {@code null}
 */
public record EndpointRecord(
    EndpointRegistration registration, String secret, @Nullable String previousSecret) {

  /** Validates the components. */
  public EndpointRecord {
    Objects.requireNonNull(registration, "registration");
    Objects.requireNonNull(secret, "secret");
    if (previousSecret != null && registration.previousSecretExpiresAt() == null) {
      throw new IllegalArgumentException("A previous secret needs its expiry in the registration");
    }
  }

  /**
   * The endpoint's id.
   *
   * @return the id
   */
  public String id() {
    return registration.id();
  }

  /**
   * Whether the previous secret still signs at a time.
   *
   * @param now the time
   * @return {@code true} if there is one and it has not expired
   */
  public boolean previousSignsAt(Instant now) {
    Instant expiry = registration.previousSecretExpiresAt();
    return previousSecret != null && expiry != null && now.isBefore(expiry);
  }

  /** Shows no secret, not even encrypted. */
  @Override
  public String toString() {
    return "EndpointRecord[" + registration + "]";
  }
}
