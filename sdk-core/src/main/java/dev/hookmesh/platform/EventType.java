package dev.hookmesh.platform;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A type of event in the provider's catalog, which endpoints subscribe to and messages are
 * published with.
 *
 * @param name the name, such as {@code invoice.paid}
 * @param description what it means, for the people who subscribe
 * @param schema the JSON Schema its payloads must match, or {@code null} for any payload
 * @param example an example payload, or {@code null}
 * @param deprecated whether it is on its way out: still published, but flagged to subscribers
 * @param archived whether it is retired: no longer published or offered
 * @param createdAt when it was defined
 * @param updatedAt when it last changed
 */
public record EventType(
    String name,
    String description,
    @Nullable String schema,
    @Nullable String example,
    boolean deprecated,
    boolean archived,
    Instant createdAt,
    Instant updatedAt) {

  /** Validates the components. */
  public EventType {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }
}
