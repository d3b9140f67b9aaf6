package dev.hookmesh.platform;

import dev.hookmesh.platform.internal.Checks;
import dev.hookmesh.platform.internal.PayloadSchema;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What an event type in the catalog should be, to define or redefine it: the schema is compiled
 * and the example checked against it as the spec is built.
 *
 * <pre>{@code
 * EventTypeSpec paid = EventTypeSpec.builder("invoice.paid")
 *     .description("An invoice was paid in full")
 *     .schema("""
 *         {"type": "object", "required": ["invoice"],
 *          "properties": {"invoice": {"type": "string"}}}""")
 *     .example("{\"invoice\": \"in_1NvYx2\"}")
 *     .build();
 * }</pre>
 */
public final class EventTypeSpec {

  private final String name;
  private final String description;
  private final @Nullable String schema;
  private final @Nullable String example;
  private final boolean deprecated;
  private final boolean archived;

  private EventTypeSpec(Builder builder) {
    this.name = builder.name;
    this.description = builder.description;
    this.schema = builder.schema;
    this.example = builder.example;
    this.deprecated = builder.deprecated;
    this.archived = builder.archived;
    if (schema != null) {
      PayloadSchema compiled = PayloadSchema.compile(name, schema);
      if (example != null) {
        compiled.check(name, example, "the example of ");
      }
    } else if (example != null) {
      PayloadSchema.requireJson(name, example);
    }
  }

  /**
   * Starts a spec.
   *
   * @param name the event type, such as {@code invoice.paid}: 1 to 128 letters, digits and
   *     {@code _ . : / -}
   * @return a new builder
   * @throws PlatformException if the name is not valid
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /**
   * The name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * The description.
   *
   * @return the description, empty if none was given
   */
  public String description() {
    return description;
  }

  /**
   * The JSON Schema.
   *
   * @return the schema, or {@code null}
   */
  public @Nullable String schema() {
    return schema;
  }

  /**
   * The example payload.
   *
   * @return the example, or {@code null}
   */
  public @Nullable String example() {
    return example;
  }

  /**
   * Whether the type is deprecated.
   *
   * @return {@code true} if deprecated
   */
  public boolean deprecated() {
    return deprecated;
  }

  /**
   * Whether the type is archived.
   *
   * @return {@code true} if archived
   */
  public boolean archived() {
    return archived;
  }

  @Override
  public String toString() {
    return "EventTypeSpec[" + name + "]";
  }

  /** Configures an {@link EventTypeSpec}. */
  public static final class Builder {
    private final String name;
    private String description = "";
    private @Nullable String schema;
    private @Nullable String example;
    private boolean deprecated;
    private boolean archived;

    private Builder(String name) {
      this.name = Checks.eventType(Objects.requireNonNull(name, "name"));
    }

    /**
     * What the event means, for the people who subscribe.
     *
     * @param description at most 2,000 characters
     * @return this builder
     */
    public Builder description(String description) {
      this.description = Checks.description(Objects.requireNonNull(description, "description"));
      return this;
    }

    /**
     * The JSON Schema (draft 2020-12 unless it names another) that payloads must match.
     * References to other documents are not fetched.
     *
     * @param schema the schema as JSON text, or {@code null} for none
     * @return this builder
     */
    public Builder schema(@Nullable String schema) {
      this.schema = schema;
      return this;
    }

    /**
     * An example payload, checked against the schema.
     *
     * @param example the example as JSON text, or {@code null} for none
     * @return this builder
     */
    public Builder example(@Nullable String example) {
      this.example = example;
      return this;
    }

    /**
     * Marks the type deprecated: still published, flagged to subscribers.
     *
     * @param deprecated whether it is deprecated
     * @return this builder
     */
    public Builder deprecated(boolean deprecated) {
      this.deprecated = deprecated;
      return this;
    }

    /**
     * Archives the type: no longer published, offered to new subscriptions or shown.
     *
     * @param archived whether it is archived
     * @return this builder
     */
    public Builder archived(boolean archived) {
      this.archived = archived;
      return this;
    }

    /**
     * Builds the spec.
     *
     * @return the spec
     * @throws PlatformException if the schema is not a JSON Schema, or the example is not JSON
     *     or does not match it
     */
    public EventTypeSpec build() {
      return new EventTypeSpec(this);
    }
  }
}
