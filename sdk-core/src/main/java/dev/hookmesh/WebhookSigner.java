package dev.hookmesh;

import dev.hookmesh.internal.Arguments;
import dev.hookmesh.signature.SignatureScheme;
import dev.hookmesh.signature.SigningKey;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Signs outgoing webhooks: given a message id and the exact body bytes, returns the headers to
 * send.
 *
 * <pre>{@code
 * WebhookSigner signer = WebhookSigner.builder()
 *     .key("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")   // Standard Webhooks by default
 *     .build();
 *
 * Map<String, String> headers = signer.sign("msg_2Kd8", body);
 * // webhook-id: msg_2Kd8, webhook-timestamp: 1700000000, webhook-signature: v1,...
 * }</pre>
 *
 * <p>With several keys, every signature goes into the one header (where the scheme allows it),
 * so receivers holding either the old or the new key accept the request during a rotation.
 * Immutable and thread-safe.
 */
public final class WebhookSigner {

  private final SignatureScheme scheme;
  private final List<SigningKey> keys;
  private final Clock clock;
  private final @Nullable String requestUrl;

  private WebhookSigner(Builder builder) {
    this.scheme = builder.scheme;
    this.requestUrl = builder.requestUrl;
    this.clock = builder.clock;
    List<SigningKey> parsed = new ArrayList<>(builder.keys.size());
    for (Object key : builder.keys) {
      parsed.add(key instanceof String text ? scheme.parseSigningKey(text) : (SigningKey) key);
    }
    if (parsed.isEmpty()) {
      throw new IllegalStateException(
          "A signer needs at least one key: call key(\"whsec_...\") on the builder");
    }
    for (SigningKey key : parsed) {
      if (!scheme.supports(key)) {
        throw new IllegalArgumentException(
            "The " + scheme.name() + " scheme cannot sign with " + key + ": it uses HMAC secrets");
      }
    }
    this.keys = List.copyOf(parsed);
  }

  /**
   * Starts a signer for Standard Webhooks; change the scheme with
   * {@link Builder#scheme(SignatureScheme)}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Signs a message at the clock's current time.
   *
   * @param id the message id, the receiver's idempotency key
   * @param body the exact bytes that will be sent
   * @return the headers to add to the request, in a stable order
   */
  public Map<String, String> sign(String id, byte[] body) {
    return sign(id, clock.instant(), body);
  }

  /**
   * Signs a message at a given time.
   *
   * @param id the message id, the receiver's idempotency key
   * @param timestamp the signing time; receivers accept it only within their tolerance
   * @param body the exact bytes that will be sent
   * @return the headers to add to the request, in a stable order
   */
  public Map<String, String> sign(String id, Instant timestamp, byte[] body) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(body, "body");
    if (id.isEmpty()) {
      throw new IllegalArgumentException("The message id must not be empty");
    }
    return requestUrl != null
        ? scheme.sign(requestUrl, id, timestamp, body, keys)
        : scheme.sign(id, timestamp, body, keys);
  }

  /**
   * Signs a request to a URL at the clock's current time, for the schemes that sign the URL they
   * post to (Twilio, Square); the others sign as {@link #sign(String, byte[])} does. Such a
   * scheme is a sender Hookmesh does not play in production: this is for tests of receivers.
   *
   * @param requestUrl the full URL the request goes to, query string included
   * @param id the message id, sent where the scheme has an id header
   * @param body the exact bytes that will be sent
   * @return the headers to add to the request, in a stable order
   */
  public Map<String, String> signFor(String requestUrl, String id, byte[] body) {
    Arguments.requireHttpUrl(requestUrl);
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(body, "body");
    return scheme.sign(requestUrl, id, clock.instant(), body, keys);
  }

  /**
   * Signs a text body, encoded as UTF-8.
   *
   * @param id the message id
   * @param body the body text
   * @return the headers to add to the request
   */
  public Map<String, String> sign(String id, String body) {
    return sign(id, body.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The scheme this signer produces.
   *
   * @return the scheme
   */
  public SignatureScheme scheme() {
    return scheme;
  }

  @Override
  public String toString() {
    return "WebhookSigner[scheme=" + scheme.name() + ", keys=" + keys.size() + "]";
  }

  /** Configures a {@link WebhookSigner}. */
  public static final class Builder {

    private SignatureScheme scheme = SignatureScheme.standardWebhooks();
    private final List<Object> keys = new ArrayList<>();
    private Clock clock = Clock.systemUTC();
    private @Nullable String requestUrl;

    private Builder() {}

    /**
     * The signature scheme; Standard Webhooks by default.
     *
     * @param scheme the scheme
     * @return this builder
     */
    public Builder scheme(SignatureScheme scheme) {
      this.scheme = Objects.requireNonNull(scheme, "scheme");
      return this;
    }

    /**
     * Adds a key as the scheme's users write it ({@code whsec_...} or {@code whsk_...} for
     * Standard Webhooks, the secret string for the others), parsed in {@link #build()}.
     *
     * @param secret the key text
     * @return this builder
     */
    public Builder key(String secret) {
      keys.add(Objects.requireNonNull(secret, "secret"));
      return this;
    }

    /**
     * Adds a parsed key.
     *
     * @param key the key
     * @return this builder
     */
    public Builder key(SigningKey key) {
      keys.add(Objects.requireNonNull(key, "key"));
      return this;
    }

    /**
     * The clock that timestamps signatures; the system UTC clock by default.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The URL the requests go to, for the schemes that sign it (Twilio, Square), so that
     * {@link #sign(String, byte[])} signs for it.
     *
     * @param requestUrl an absolute {@code http} or {@code https} URL
     * @return this builder
     * @throws IllegalArgumentException if it is not one
     */
    public Builder requestUrl(String requestUrl) {
      this.requestUrl = Arguments.requireHttpUrl(requestUrl);
      return this;
    }

    /**
     * Builds the signer, parsing every key.
     *
     * @return the signer
     * @throws IllegalStateException if no key was added
     * @throws IllegalArgumentException if a key does not parse or the scheme cannot use it
     */
    public WebhookSigner build() {
      return new WebhookSigner(this);
    }
  }
}
