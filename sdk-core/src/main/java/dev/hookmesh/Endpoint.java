package dev.hookmesh;

import dev.hookmesh.internal.Arguments;
import dev.hookmesh.internal.UrlRedaction;
import dev.hookmesh.retry.RetryPolicy;
import dev.hookmesh.signature.SignatureScheme;
import dev.hookmesh.signature.SigningKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * A customer's webhook endpoint: where to send, how to sign, and per-endpoint overrides of the
 * client's defaults. Immutable; validated when built, so a bad URL or key fails here and not
 * in a retry at 3 a.m.
 *
 * <pre>{@code
 * Endpoint simple = Endpoint.of("ep_42", "https://hooks.example.com/in", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
 * Endpoint tuned = Endpoint.builder("https://hooks.example.com/in")
 *     .id("ep_42")
 *     .key("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
 *     .key(newKey)                                  // several keys sign in parallel (rotation)
 *     .header("X-Customer", "acme")
 *     .retryPolicy(RetryPolicy.exponential())
 *     .callTimeout(Duration.ofSeconds(5))
 *     .maxConcurrency(2)
 *     .build();
 * }</pre>
 *
 * <p>The {@linkplain #id() id} is the provider's own id for the endpoint. Deliveries in a
 * {@link dev.hookmesh.delivery.DeliveryStore} refer to it, and a client finds the endpoint
 * again by it (after a restart through its {@link EndpointResolver}), so keep it stable.
 * Without one, the id is derived from the URL and carries none of its credentials.
 * {@code toString()} and every error message show neither keys nor the URL's user info,
 * query or fragment.
 */
public final class Endpoint {

  private final String id;
  private final HttpUrl url;
  private final WebhookSigner signer;
  private final Headers headers;
  private final Map<String, List<String>> headerMap;
  private final @Nullable RetryPolicy retryPolicy;
  private final @Nullable Duration connectTimeout;
  private final @Nullable Duration callTimeout;
  private final boolean followRedirects;
  private final int maxConcurrency;
  private final int rateLimit;
  private final boolean ordered;

  private Endpoint(Builder builder, WebhookSigner signer) {
    this.url = builder.url;
    this.id = builder.id != null ? builder.id : UrlRedaction.endpointId(url);
    this.signer = signer;
    this.headers = builder.headers.build();
    Map<String, List<String>> map = new LinkedHashMap<>();
    for (String name : headers.names()) {
      map.put(name, headers.values(name));
    }
    this.headerMap = Collections.unmodifiableMap(map);
    this.retryPolicy = builder.retryPolicy;
    this.connectTimeout = builder.connectTimeout;
    this.callTimeout = builder.callTimeout;
    this.followRedirects = builder.followRedirects;
    this.maxConcurrency = builder.maxConcurrency;
    this.rateLimit = builder.rateLimit;
    this.ordered = builder.ordered;
  }

  /**
   * An endpoint with one key and the client's defaults.
   *
   * @param id the provider's stable id for the endpoint
   * @param url an absolute {@code http:} or {@code https:} URL
   * @param key the key as written for the scheme, {@code whsec_...} or {@code whsk_...}
   * @return the endpoint
   * @throws IllegalArgumentException if the URL or the key is not valid
   */
  public static Endpoint of(String id, String url, String key) {
    return builder(url).id(id).key(key).build();
  }

  /**
   * Starts an endpoint for a URL, checked at once.
   *
   * @param url an absolute {@code http:} or {@code https:} URL
   * @return a new builder
   * @throws IllegalArgumentException if the URL is not absolute http or https
   */
  public static Builder builder(String url) {
    return new Builder(url);
  }

  /**
   * Starts a builder holding this endpoint's settings, to derive a variant. It keeps this
   * endpoint's keys unless {@code key(...)} or {@code scheme(...)} is called, which start a
   * new key list.
   *
   * @return a new builder
   */
  public Builder newBuilder() {
    Builder builder = new Builder(url.toString());
    builder.id = id;
    builder.scheme = signer.scheme();
    builder.prepared = signer;
    builder.headers.addAll(headers);
    builder.retryPolicy = retryPolicy;
    builder.connectTimeout = connectTimeout;
    builder.callTimeout = callTimeout;
    builder.followRedirects = followRedirects;
    builder.maxConcurrency = maxConcurrency;
    builder.rateLimit = rateLimit;
    builder.ordered = ordered;
    return builder;
  }

  /**
   * The provider's stable id for this endpoint. When none was given it is derived from the
   * URL: the URL itself when it has no user info, query or fragment; otherwise the URL without
   * them, then {@code #} and a 12-hex-digit digest of the whole URL, such as
   * {@code https://hooks.example.com/in#5d0c4e1f9a2b}. Either way it is stable for the same URL
   * and never carries a credential.
   *
   * @return the id
   */
  public String id() {
    return id;
  }

  /**
   * Where webhooks go.
   *
   * @return the URL
   */
  public HttpUrl url() {
    return url;
  }

  /**
   * The signer holding this endpoint's scheme and parsed keys.
   *
   * @return the signer
   */
  public WebhookSigner signer() {
    return signer;
  }

  /**
   * The scheme requests are signed with; Standard Webhooks by default.
   *
   * @return the scheme
   */
  public SignatureScheme scheme() {
    return signer.scheme();
  }

  /**
   * Extra headers added to every request.
   *
   * @return the headers, in the order added
   */
  public Map<String, List<String>> headers() {
    return headerMap;
  }

  /**
   * This endpoint's retry policy.
   *
   * @return the override, or empty to use the client's
   */
  public Optional<RetryPolicy> retryPolicy() {
    return Optional.ofNullable(retryPolicy);
  }

  /**
   * This endpoint's connect timeout.
   *
   * @return the override, or empty to use the client's
   */
  public Optional<Duration> connectTimeout() {
    return Optional.ofNullable(connectTimeout);
  }

  /**
   * This endpoint's call timeout: the whole attempt, from DNS to the last response byte read.
   *
   * @return the override, or empty to use the client's
   */
  public Optional<Duration> callTimeout() {
    return Optional.ofNullable(callTimeout);
  }

  /**
   * Whether redirects are followed for this endpoint; every hop is checked by the SSRF guard.
   *
   * @return {@code false} unless opted in
   */
  public boolean followRedirects() {
    return followRedirects;
  }

  /**
   * How many attempts to this endpoint may be in flight at once.
   *
   * @return the override, or empty to use the client's
   */
  public OptionalInt maxConcurrency() {
    return maxConcurrency == 0 ? OptionalInt.empty() : OptionalInt.of(maxConcurrency);
  }

  /**
   * How many attempts per second this endpoint may receive.
   *
   * @return the limit, or empty for none
   */
  public OptionalInt rateLimit() {
    return rateLimit == 0 ? OptionalInt.empty() : OptionalInt.of(rateLimit);
  }

  /**
   * Whether every delivery to this endpoint is ordered: made one at a time, in the order the
   * messages were sent, with a delivery that keeps failing holding back the ones behind it.
   * Messages with an {@linkplain WebhookMessage#orderingKey() ordering key} are ordered among
   * their key's, here and at every endpoint, whatever this says.
   *
   * @return {@code true} if the endpoint takes its deliveries in order
   */
  public boolean ordered() {
    return ordered;
  }

  @Override
  public String toString() {
    return "Endpoint[id=" + id + ", url=" + UrlRedaction.shown(url) + ", scheme=" + signer.scheme().name()
        + ", " + signer + "]";
  }

  /** Configures an {@link Endpoint}. */
  public static final class Builder {

    private final HttpUrl url;
    private @Nullable String id;
    private SignatureScheme scheme = SignatureScheme.standardWebhooks();
    private final List<Object> keys = new ArrayList<>();
    private @Nullable WebhookSigner prepared;
    private final Headers.Builder headers = new Headers.Builder();
    private @Nullable RetryPolicy retryPolicy;
    private @Nullable Duration connectTimeout;
    private @Nullable Duration callTimeout;
    private boolean followRedirects;
    private int maxConcurrency;
    private int rateLimit;
    private boolean ordered;

    private Builder(String url) {
      Objects.requireNonNull(url, "url");
      HttpUrl parsed = HttpUrl.parse(url.strip());
      if (parsed == null) {
        throw new IllegalArgumentException(
            "Endpoint URL must be absolute http or https: " + UrlRedaction.shown(url));
      }
      this.url = parsed;
    }

    /**
     * The provider's stable id for the endpoint; by default one derived from the URL without
     * its credentials (see {@link Endpoint#id()}).
     *
     * @param id the id, not blank
     * @return this builder
     */
    public Builder id(String id) {
      Objects.requireNonNull(id, "id");
      if (id.isBlank()) {
        throw new IllegalArgumentException("An endpoint id must not be blank");
      }
      this.id = id;
      return this;
    }

    /**
     * The signature scheme; Standard Webhooks by default.
     *
     * @param scheme the scheme
     * @return this builder
     */
    public Builder scheme(SignatureScheme scheme) {
      this.scheme = Objects.requireNonNull(scheme, "scheme");
      this.prepared = null;
      return this;
    }

    /**
     * Adds a signing key as the scheme writes it; several keys all sign every request.
     *
     * @param key such as {@code whsec_...} or {@code whsk_...}
     * @return this builder
     */
    public Builder key(String key) {
      keys.add(Objects.requireNonNull(key, "key"));
      prepared = null;
      return this;
    }

    /**
     * Adds a parsed signing key.
     *
     * @param key the key
     * @return this builder
     */
    public Builder key(SigningKey key) {
      keys.add(Objects.requireNonNull(key, "key"));
      prepared = null;
      return this;
    }

    /**
     * Adds a header to every request, such as a customer's own authorization header.
     *
     * @param name the header name
     * @param value the value
     * @return this builder
     * @throws IllegalArgumentException if the name or value is not valid in a header
     */
    public Builder header(String name, String value) {
      String lower = name.toLowerCase(Locale.ROOT);
      if (lower.startsWith("webhook-") || lower.equals("content-type") || lower.equals("user-agent")) {
        throw new IllegalArgumentException("Header " + name + " is set by the client on every attempt");
      }
      headers.add(name, value);
      return this;
    }

    /**
     * Overrides the client's retry policy for this endpoint.
     *
     * @param retryPolicy the policy
     * @return this builder
     */
    public Builder retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
      return this;
    }

    /**
     * Overrides the client's connect timeout for this endpoint.
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = Arguments.requirePositive(timeout, "connectTimeout");
      return this;
    }

    /**
     * Overrides the client's call timeout (the whole attempt) for this endpoint.
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder callTimeout(Duration timeout) {
      this.callTimeout = Arguments.requirePositive(timeout, "callTimeout");
      return this;
    }

    /**
     * Follows redirects for this endpoint; off by default, so a 3xx is a failed attempt. Every
     * hop is checked again by the client's SSRF guard.
     *
     * @param followRedirects {@code true} to follow
     * @return this builder
     */
    public Builder followRedirects(boolean followRedirects) {
      this.followRedirects = followRedirects;
      return this;
    }

    /**
     * Limits how many attempts to this endpoint may be in flight at once.
     *
     * @param maxConcurrency at least 1
     * @return this builder
     */
    public Builder maxConcurrency(int maxConcurrency) {
      this.maxConcurrency = Arguments.requireAtLeastOne(maxConcurrency, "maxConcurrency");
      return this;
    }

    /**
     * Limits how many attempts per second this endpoint receives, for customers whose servers
     * cannot take a burst. Up to a second's worth go at once; beyond that, deliveries wait in
     * the client, unattempted, their attempt counts untouched, and are claimed from the store no
     * faster than they can go. Retries count towards the limit like first attempts.
     *
     * @param requestsPerSecond at least 1
     * @return this builder
     */
    public Builder rateLimit(int requestsPerSecond) {
      this.rateLimit = Arguments.requireAtLeastOne(requestsPerSecond, "rateLimit");
      return this;
    }

    /**
     * Delivers to this endpoint in order: one delivery at a time, in the order the messages were
     * sent, for receivers that cannot take events out of order. A delivery that keeps failing
     * holds back the ones behind it until it succeeds or gives up. Messages with an ordering
     * key are ordered by their key instead, so other keys go on.
     *
     * @param ordered whether to deliver in order
     * @return this builder
     */
    public Builder ordered(boolean ordered) {
      this.ordered = ordered;
      return this;
    }


    /**
     * Builds the endpoint, parsing every key.
     *
     * @return the endpoint
     * @throws IllegalStateException if no key was added
     * @throws IllegalArgumentException if a key does not parse or the scheme cannot use it
     */
    public Endpoint build() {
      if (keys.isEmpty()) {
        if (prepared != null) {
          return new Endpoint(this, prepared);
        }
        throw new IllegalStateException("Endpoint " + (id != null ? id : UrlRedaction.shown(url))
            + " needs a signing key: call key(\"whsec_...\")");
      }
      WebhookSigner.Builder signer = WebhookSigner.builder().scheme(scheme);
      for (Object key : keys) {
        if (key instanceof String text) {
          signer.key(text);
        } else {
          signer.key((SigningKey) key);
        }
      }
      return new Endpoint(this, signer.build());
    }
  }
}
