package dev.hookmesh.platform;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One customer of the provider: the owner of endpoints, and what a message is published to.
 *
 * @param id the application's id: the provider's own id for the customer, or a generated one
 * @param name a name for people
 * @param rateLimit the most webhooks per second each of its endpoints receives, unless the
 *     endpoint sets its own; {@code null} for no limit
 * @param metadata the provider's own labels, such as a plan or a region
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 */
public record Application(
    String id,
    String name,
    @Nullable Integer rateLimit,
    Map<String, String> metadata,
    Instant createdAt,
    Instant updatedAt) {

  /** Validates and copies the components. */
  public Application {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    metadata = Map.copyOf(metadata);
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }
}
