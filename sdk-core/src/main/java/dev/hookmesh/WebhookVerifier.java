package dev.hookmesh;

import dev.hookmesh.WebhookVerificationException.Reason;
import dev.hookmesh.internal.Arguments;
import dev.hookmesh.signature.SignatureScheme;
import dev.hookmesh.signature.VerificationContext;
import dev.hookmesh.signature.VerificationKey;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Verifies received webhooks: the signature over the raw body, the freshness of the signed
 * timestamp, and limits on the size of what it reads.
 *
 * <pre>{@code
 * WebhookVerifier verifier = WebhookVerifier.builder()
 *     .key("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")   // Standard Webhooks by default
 *     .build();
 *
 * WebhookEvent event = verifier.verify(headers, rawBody);   // or WebhookVerificationException
 * }</pre>
 *
 * <p>Build one per endpoint and share it: it is immutable and thread-safe, and its keys are
 * parsed once. Several keys may be held at once for rotation; any of them may match, and
 * {@link WebhookEvent#keyIndex()} tells which did. For any header or body content, however
 * malformed, {@code verify} returns an event or throws {@link WebhookVerificationException}.
 */
public final class WebhookVerifier {

  /** The default tolerance for signed timestamps, in either direction: five minutes. */
  public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);
  /** The default largest body verified: 1 MiB. */
  public static final int DEFAULT_MAX_PAYLOAD_SIZE = 1024 * 1024;
  /** The default most signatures examined in one request. */
  public static final int DEFAULT_MAX_SIGNATURES = 16;
  /** The default longest signature header, in characters. */
  public static final int DEFAULT_MAX_HEADER_LENGTH = 4096;

  private final SignatureScheme scheme;
  private final List<VerificationKey> keys;
  private final Duration tolerance;
  private final Clock clock;
  private final int maxPayloadSize;
  private final int maxSignatures;
  private final int maxHeaderLength;
  private final @Nullable String requestUrl;

  private WebhookVerifier(Builder builder) {
    this.scheme = builder.scheme;
    this.requestUrl = builder.requestUrl;
    this.tolerance = builder.tolerance;
    this.clock = builder.clock;
    this.maxPayloadSize = builder.maxPayloadSize;
    this.maxSignatures = builder.maxSignatures;
    this.maxHeaderLength = builder.maxHeaderLength;
    List<VerificationKey> parsed = new ArrayList<>(builder.keys.size());
    for (Object key : builder.keys) {
      parsed.add(
          key instanceof String text ? scheme.parseVerificationKey(text) : (VerificationKey) key);
    }
    if (parsed.isEmpty()) {
      throw new IllegalStateException(
          "A verifier needs at least one key: call key(\"whsec_...\") on the builder");
    }
    for (VerificationKey key : parsed) {
      if (!scheme.supports(key)) {
        throw new IllegalArgumentException(
            "The " + scheme.name() + " scheme cannot verify with " + key
                + ": it uses HMAC secrets");
      }
    }
    this.keys = List.copyOf(parsed);
  }

  /**
   * Starts a verifier for Standard Webhooks; change the scheme with
   * {@link Builder#scheme(SignatureScheme)}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Verifies a request.
   *
   * @param headers the request headers
   * @param body the raw body, exactly as received
   * @return the verified event
   * @throws WebhookVerificationException if the request fails verification
   */
  public WebhookEvent verify(HeaderLookup headers, byte[] body) {
    return verify(headers, body, requestUrl);
  }

  /**
   * Verifies a request to a URL, for the schemes that sign the URL they post to (Twilio,
   * Square); the others ignore it. Pass the URL as the sender used it, query string included:
   * behind a proxy, the public URL, not the one the application server sees.
   *
   * @param headers the request headers
   * @param body the raw body, exactly as received
   * @param requestUrl the full URL the request was posted to, or {@code null} for the one
   *     given to {@link Builder#requestUrl(String)}, if any
   * @return the verified event
   * @throws WebhookVerificationException if the request fails verification
   * @throws IllegalArgumentException if the scheme signs the URL and none is given
   */
  public WebhookEvent verify(HeaderLookup headers, byte[] body, @Nullable String requestUrl) {
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(body, "body");
    if (body.length > maxPayloadSize) {
      throw new WebhookVerificationException(
          Reason.PAYLOAD_TOO_LARGE,
          "The body has " + body.length + " bytes, more than the " + maxPayloadSize
              + " this endpoint accepts; raise maxPayloadSize if the sender's events are this "
              + "large");
    }
    VerificationContext context = new VerificationContext(clock.instant(), tolerance,
        maxSignatures, maxHeaderLength, requestUrl != null ? requestUrl : this.requestUrl);
    return scheme.verify(headers, body, keys, context);
  }

  /**
   * Verifies a request whose headers are in a map of {@code String}s or lists of them, such as
   * {@code Map<String, String>} or {@code Map<String, List<String>>}; names match ignoring case.
   *
   * @param headers the request headers
   * @param body the raw body, exactly as received
   * @return the verified event
   * @throws WebhookVerificationException if the request fails verification
   */
  public WebhookEvent verify(Map<String, ?> headers, byte[] body) {
    return verify(HeaderLookup.of(headers), body);
  }

  /**
   * Verifies a request whose body is text. Prefer the {@code byte[]} overloads: a body that
   * was decoded and re-encoded, or re-serialized from JSON, no longer matches its signature.
   * This one encodes the text as UTF-8.
   *
   * @param headers the request headers
   * @param body the body text
   * @return the verified event
   * @throws WebhookVerificationException if the request fails verification
   */
  public WebhookEvent verify(Map<String, ?> headers, String body) {
    return verify(HeaderLookup.of(headers), body.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Verifies a request whose body is text, encoded as UTF-8.
   *
   * @param headers the request headers
   * @param body the body text
   * @return the verified event
   * @throws WebhookVerificationException if the request fails verification
   */
  public WebhookEvent verify(HeaderLookup headers, String body) {
    return verify(headers, body.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The URL given to {@link Builder#requestUrl(String)}, which requests are verified against
   * when no other is given.
   *
   * @return the URL, or {@code null} if none was given
   */
  public @Nullable String requestUrl() {
    return requestUrl;
  }

  /**
   * The scheme this verifier checks.
   *
   * @return the scheme
   */
  public SignatureScheme scheme() {
    return scheme;
  }

  /**
   * The keys, in the order given; {@link WebhookEvent#keyIndex()} points into this list.
   *
   * @return an unmodifiable list
   */
  public List<VerificationKey> keys() {
    return keys;
  }

  /**
   * How far a signed timestamp may be from now.
   *
   * @return the tolerance
   */
  public Duration tolerance() {
    return tolerance;
  }

  @Override
  public String toString() {
    return "WebhookVerifier[scheme=" + scheme.name() + ", keys=" + keys.size()
        + ", tolerance=" + tolerance + ", maxPayloadSize=" + maxPayloadSize + "]";
  }

  /** Configures a {@link WebhookVerifier}. */
  public static final class Builder {

    private SignatureScheme scheme = SignatureScheme.standardWebhooks();
    private final List<Object> keys = new ArrayList<>();
    private Duration tolerance = DEFAULT_TOLERANCE;
    private Clock clock = Clock.systemUTC();
    private int maxPayloadSize = DEFAULT_MAX_PAYLOAD_SIZE;
    private int maxSignatures = DEFAULT_MAX_SIGNATURES;
    private int maxHeaderLength = DEFAULT_MAX_HEADER_LENGTH;
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
     * Adds a key as the scheme's users write it: {@code whsec_...} or {@code whpk_...} for
     * Standard Webhooks, the secret string for the others. Parsed by the scheme in
     * {@link #build()}, whatever the order of calls.
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
    public Builder key(VerificationKey key) {
      keys.add(Objects.requireNonNull(key, "key"));
      return this;
    }

    /**
     * Adds several keys, for rotation: requests signed with any of them verify.
     *
     * @param keys key texts or {@link VerificationKey}s
     * @return this builder
     */
    public Builder keys(Iterable<?> keys) {
      for (Object key : keys) {
        if (key instanceof String text) {
          key(text);
        } else if (key instanceof VerificationKey parsed) {
          key(parsed);
        } else {
          throw new IllegalArgumentException(
              "Keys are Strings or VerificationKeys, not "
                  + (key == null ? "null" : key.getClass().getName()));
        }
      }
      return this;
    }

    /**
     * How far a signed timestamp may be from now, in either direction; five minutes by
     * default. Schemes that sign no timestamp (GitHub, Shopify) ignore it.
     *
     * @param tolerance a non-negative duration
     * @return this builder
     */
    public Builder tolerance(Duration tolerance) {
      Objects.requireNonNull(tolerance, "tolerance");
      if (tolerance.isNegative()) {
        throw new IllegalArgumentException("The tolerance must not be negative: " + tolerance);
      }
      this.tolerance = tolerance;
      return this;
    }

    /**
     * The clock that says what time it is; the system UTC clock by default.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The largest body verified, in bytes; 1 MiB by default. Larger bodies fail with
     * {@link Reason#PAYLOAD_TOO_LARGE} before any work is done on them.
     *
     * @param bytes a positive size
     * @return this builder
     */
    public Builder maxPayloadSize(int bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("maxPayloadSize must be positive: " + bytes);
      }
      this.maxPayloadSize = bytes;
      return this;
    }

    /**
     * The most signatures one request may carry; {@value WebhookVerifier#DEFAULT_MAX_SIGNATURES} by default. It bounds
     * the work a hostile request causes; senders send one per active key.
     *
     * @param count at least 1
     * @return this builder
     */
    public Builder maxSignatures(int count) {
      if (count < 1) {
        throw new IllegalArgumentException("maxSignatures must be at least 1: " + count);
      }
      this.maxSignatures = count;
      return this;
    }

    /**
     * The longest signature header accepted, in characters; 4096 by default.
     *
     * @param characters at least 1
     * @return this builder
     */
    public Builder maxHeaderLength(int characters) {
      if (characters < 1) {
        throw new IllegalArgumentException("maxHeaderLength must be at least 1: " + characters);
      }
      this.maxHeaderLength = characters;
      return this;
    }

    /**
     * The URL the sender posts to, as registered with it, for the schemes that sign it (Twilio,
     * Square): {@link #verify(HeaderLookup, byte[])} verifies against it. A URL given to
     * {@link #verify(HeaderLookup, byte[], String)} takes its place.
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
     * Builds the verifier, parsing every key.
     *
     * @return the verifier
     * @throws IllegalStateException if no key was added
     * @throws IllegalArgumentException if a key does not parse or the scheme cannot use it
     */
    public WebhookVerifier build() {
      return new WebhookVerifier(this);
    }
  }
}
