package dev.hookmesh.platform;

import dev.hookmesh.Endpoint;
import dev.hookmesh.internal.UrlRedaction;
import dev.hookmesh.platform.internal.Checks;
import dev.hookmesh.signature.Ed25519PrivateKey;
import dev.hookmesh.signature.HmacSecret;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a customer's endpoint should be, to register or change one: checked as it is built, so a
 * bad URL or filter fails here and not at the first delivery.
 *
 * <pre>{@code
 * EndpointSpec spec = EndpointSpec.builder("https://hooks.acme.example/in")
 *     .description("Order events for the warehouse")
 *     .eventTypes("order.*", "invoice.paid")   // every event type when none are given
 *     .channels("eu")                          // only messages published to eu
 *     .header("X-Acme-Team", "warehouse")
 *     .build();
 * }</pre>
 */
public final class EndpointSpec {

  private final String url;
  private final String description;
  private final List<String> eventTypes;
  private final Set<String> channels;
  private final Map<String, String> headers;
  private final @Nullable Integer rateLimit;
  private final Map<String, String> metadata;
  private final boolean enabled;
  private final boolean ordered;
  private final KeyType keyType;
  private final @Nullable String secret;

  private EndpointSpec(Builder builder) {
    this.url = builder.url;
    this.description = builder.description;
    this.eventTypes = List.copyOf(builder.eventTypes);
    this.channels = Set.copyOf(builder.channels);
    this.headers = Map.copyOf(builder.headers);
    this.rateLimit = builder.rateLimit;
    this.metadata = Map.copyOf(Checks.metadata(builder.metadata));
    this.enabled = builder.enabled;
    this.ordered = builder.ordered;
    this.keyType = builder.keyType;
    this.secret = builder.secret;
    if (secret != null) {
      try {
        if (keyType == KeyType.HMAC) {
          HmacSecret.parse(secret);
        } else {
          Ed25519PrivateKey.parse(secret);
        }
      } catch (IllegalArgumentException e) {
        throw Checks.invalid("The secret given for the endpoint is not a valid "
            + (keyType == KeyType.HMAC ? "whsec_ secret" : "whsk_ Ed25519 private key")
            + " (the value given is not shown)");
      }
    }
  }

  /**
   * Starts a spec for a URL, checked at once.
   *
   * @param url an absolute {@code http:} or {@code https:} URL
   * @return a new builder
   * @throws PlatformException if the URL is not absolute http or https
   */
  public static Builder builder(String url) {
    return new Builder(url);
  }

  /**
   * The URL webhooks are posted to.
   *
   * @return the URL as given
   */
  public String url() {
    return url;
  }

  /**
   * The description.
   *
   * @return the description, empty if none
   */
  public String description() {
    return description;
  }

  /**
   * The event types subscribed to, as names or patterns with {@code *}.
   *
   * @return the filters; empty for every event type
   */
  public List<String> eventTypes() {
    return eventTypes;
  }

  /**
   * The channels subscribed to.
   *
   * @return the channels; empty for messages of every channel
   */
  public Set<String> channels() {
    return channels;
  }

  /**
   * Headers every request to the endpoint carries.
   *
   * @return the headers
   */
  public Map<String, String> headers() {
    return headers;
  }

  /**
   * The most webhooks per second the endpoint receives.
   *
   * @return the limit, or {@code null} for the application's, or none
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

  /**
   * Whether the endpoint receives webhooks.
   *
   * @return {@code true} unless disabled
   */
  public boolean enabled() {
    return enabled;
  }

  /**
   * Whether the endpoint takes its deliveries in order.
   *
   * @return {@code true} if ordered
   */
  public boolean ordered() {
    return ordered;
  }

  /**
   * How its webhooks are signed.
   *
   * @return the key type
   */
  public KeyType keyType() {
    return keyType;
  }

  /**
   * The signing secret to start with, when the provider brings one.
   *
   * @return the secret, or {@code null} to generate one
   */
  public @Nullable String secret() {
    return secret;
  }

  /** Shows neither the secret nor header values, nor the URL's credentials. */
  @Override
  public String toString() {
    return "EndpointSpec[url=" + UrlRedaction.shown(url) + ", eventTypes=" + eventTypes
        + ", channels=" + channels + ", headers=" + headers.keySet() + ", enabled=" + enabled
        + ", keyType=" + keyType + (secret == null ? "" : ", secret=(redacted)") + "]";
  }

  /** Configures an {@link EndpointSpec}. */
  public static final class Builder {
    private final String url;
    private String description = "";
    private final List<String> eventTypes = new ArrayList<>();
    private final Set<String> channels = new LinkedHashSet<>();
    private final Map<String, String> headers = new LinkedHashMap<>();
    private @Nullable Integer rateLimit;
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private boolean enabled = true;
    private boolean ordered;
    private KeyType keyType = KeyType.HMAC;
    private @Nullable String secret;

    private Builder(String url) {
      Objects.requireNonNull(url, "url");
      try {
        Endpoint.builder(url); // the sender's own check, so registered means deliverable
      } catch (IllegalArgumentException e) {
        throw Checks.invalid(e.getMessage());
      }
      this.url = url.strip();
    }

    /**
     * What the endpoint is for, for people.
     *
     * @param description at most 2,000 characters
     * @return this builder
     */
    public Builder description(String description) {
      this.description = Checks.description(Objects.requireNonNull(description, "description"));
      return this;
    }

    /**
     * Subscribes to event types: names such as {@code invoice.paid}, or patterns where
     * {@code *} stands for any run of characters, such as {@code invoice.*}. Without any, the
     * endpoint receives every event type.
     *
     * @param filters the names or patterns
     * @return this builder
     */
    public Builder eventTypes(String... filters) {
      for (String filter : filters) {
        eventTypes.add(Checks.filter(Objects.requireNonNull(filter, "filter")));
      }
      return this;
    }

    /**
     * Subscribes to event types, as {@link #eventTypes(String...)} does.
     *
     * @param filters the names or patterns
     * @return this builder
     */
    public Builder eventTypes(List<String> filters) {
      return eventTypes(filters.toArray(String[]::new));
    }

    /**
     * Receives only messages published to at least one of these channels, for routing finer
     * than the event type, such as a region or a project. Without any, the endpoint receives
     * messages of every channel.
     *
     * @param names the channel names
     * @return this builder
     */
    public Builder channels(String... names) {
      for (String name : names) {
        channels.add(Checks.channel(Objects.requireNonNull(name, "channel")));
      }
      return this;
    }

    /**
     * Receives only messages of these channels, as {@link #channels(String...)} does.
     *
     * @param names the channel names
     * @return this builder
     */
    public Builder channels(Set<String> names) {
      return channels(names.toArray(String[]::new));
    }

    /**
     * Adds a header to every request to the endpoint, such as one the customer's gateway
     * routes by. Hookmesh's own headers and the signature headers cannot be set.
     *
     * @param name a header name
     * @param value a value without line breaks
     * @return this builder
     */
    public Builder header(String name, String value) {
      Checks.header(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      headers.put(name, value);
      return this;
    }

    /**
     * Adds headers, as {@link #header} does.
     *
     * @param values the headers
     * @return this builder
     */
    public Builder headers(Map<String, String> values) {
      values.forEach(this::header);
      return this;
    }

    /**
     * Limits the endpoint to so many webhooks per second.
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
     * Whether the endpoint receives webhooks; a disabled one is skipped when publishing.
     *
     * @param enabled {@code true} by default
     * @return this builder
     */
    public Builder enabled(boolean enabled) {
      this.enabled = enabled;
      return this;
    }

    /**
     * Delivers to the endpoint in order, one webhook at a time, as
     * {@link Endpoint.Builder#ordered(boolean)} does.
     *
     * @param ordered whether to deliver in order
     * @return this builder
     */
    public Builder ordered(boolean ordered) {
      this.ordered = ordered;
      return this;
    }

    /**
     * How the endpoint's webhooks are signed; HMAC by default.
     *
     * @param keyType the key type
     * @return this builder
     */
    public Builder keyType(KeyType keyType) {
      this.keyType = Objects.requireNonNull(keyType, "keyType");
      return this;
    }

    /**
     * Starts with this signing secret instead of a generated one, such as when moving
     * endpoints from another system: a {@code whsec_...} secret for HMAC, a {@code whsk_...}
     * private key for Ed25519.
     *
     * @param secret the secret
     * @return this builder
     */
    public Builder secret(String secret) {
      this.secret = Objects.requireNonNull(secret, "secret");
      return this;
    }

    /**
     * Builds the spec.
     *
     * @return the spec
     * @throws PlatformException if the metadata or the secret is not valid
     */
    public EndpointSpec build() {
      return new EndpointSpec(this);
    }
  }
}
