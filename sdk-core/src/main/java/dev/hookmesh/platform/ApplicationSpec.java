package dev.hookmesh.platform;

import dev.hookmesh.platform.internal.Checks;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What an application should be, to create or update one: checked as it is built.
 *
 * <pre>{@code
 * ApplicationSpec acme = ApplicationSpec.builder("Acme Corp")
 *     .id("cust_42")                    // the provider's own id; generated if not given
 *     .metadata("plan", "enterprise")
 *     .build();
 * }</pre>
 */
public final class ApplicationSpec {

  private final @Nullable String id;
  private final String name;
  private final @Nullable Integer rateLimit;
  private final Map<String, String> metadata;

  private ApplicationSpec(Builder builder) {
    this.id = builder.id;
    this.name = builder.name;
    this.rateLimit = builder.rateLimit;
    this.metadata = Map.copyOf(Checks.metadata(builder.metadata));
  }

  /**
   * Starts a spec.
   *
   * @param name a name for people, not blank, at most 200 characters
   * @return a new builder
   * @throws PlatformException if the name is blank or too long
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /**
   * The id to create the application with, or {@code null} to generate one.
   *
   * @return the id, or {@code null}
   */
  public @Nullable String id() {
    return id;
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
   * The most webhooks per second each endpoint receives unless it sets its own.
   *
   * @return the limit, or {@code null} for none
   */
  public @Nullable Integer rateLimit() {
    return rateLimit;
  }

  /**
   * The provider's labels.
   *
   * @return the metadata
   */
  public Map<String, String> metadata() {
    return metadata;
  }

  @Override
  public String toString() {
    return "ApplicationSpec[id=" + id + ", name=" + name + "]";
  }

  /** Configures an {@link ApplicationSpec}. */
  public static final class Builder {
    private @Nullable String id;
    private final String name;
    private @Nullable Integer rateLimit;
    private final Map<String, String> metadata = new LinkedHashMap<>();

    private Builder(String name) {
      Objects.requireNonNull(name, "name");
      if (name.isBlank() || name.length() > 200) {
        throw Checks.invalid("An application's name must not be blank and has at most 200"
            + " characters");
      }
      this.name = name;
    }

    /**
     * The id: the provider's own id for the customer, so that no mapping table is needed.
     *
     * @param id 1 to 64 letters, digits and {@code _ . : -}
     * @return this builder
     * @throws PlatformException if the id is not valid
     */
    public Builder id(String id) {
      this.id = Checks.id("application", Objects.requireNonNull(id, "id"));
      return this;
    }

    /**
     * Limits each endpoint that sets no limit of its own to so many webhooks per second.
     *
     * @param perSecond at least 1
     * @return this builder
     */
    public Builder rateLimit(int perSecond) {
      this.rateLimit = Checks.rateLimit(perSecond);
      return this;
    }

    /**
     * Adds a label.
     *
     * @param key 1 to 64 letters, digits and {@code _ . : -}
     * @param value at most 1,000 characters
     * @return this builder
     */
    public Builder metadata(String key, String value) {
      metadata.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Adds labels.
     *
     * @param labels the labels
     * @return this builder
     */
    public Builder metadata(Map<String, String> labels) {
      labels.forEach(this::metadata);
      return this;
    }

    /**
     * Builds the spec.
     *
     * @return the spec
     * @throws PlatformException if the metadata is not valid
     */
    public ApplicationSpec build() {
      return new ApplicationSpec(this);
    }
  }
}
