package dev.hookmesh.spring.test;

import dev.hookmesh.WebhookSigner;
import dev.hookmesh.signature.SignatureScheme;
import dev.hookmesh.signature.SigningKey;
import dev.hookmesh.spring.HookmeshReceiverProperties;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * Signed requests for an application's own webhook endpoints, for use in its tests: signed
 * exactly as the endpoint's sender would sign them, with the endpoint's configured secret.
 *
 * <pre>{@code
 * @Autowired HookmeshReceiverProperties properties;
 * @Autowired MockMvcTester mvc;
 *
 * SignedWebhookRequests billing = SignedWebhookRequests.forEndpoint(properties, "billing");
 * assertThat(mvc.perform(billing.post("{\"type\":\"invoice.paid\"}"))).hasStatus(204);
 * }</pre>
 *
 * <p>The first configured secret signs, so the endpoint needs a secret that can sign: an HMAC
 * secret, not an Ed25519 public key (for those, use {@link #of} with the private key).
 * Immutable.
 */
public final class SignedWebhookRequests {

  /** Where MockMvc's requests arrive, as the receiver sees their URL. */
  private static final String MOCK_MVC_ORIGIN = "http://localhost";

  private final String path;
  private final SigningKey key;
  private final Clock clock;
  private final @Nullable String requestUrl;
  private final WebhookSigner signer;

  private SignedWebhookRequests(String path, SignatureScheme scheme, SigningKey key, Clock clock,
      @Nullable String requestUrl) {
    this.path = Objects.requireNonNull(path, "path");
    this.key = key;
    this.clock = clock;
    this.requestUrl = requestUrl;
    WebhookSigner.Builder signer = WebhookSigner.builder().scheme(scheme).key(key).clock(clock);
    if (scheme.signsRequestUrl()) {
      // Twilio and Square sign the URL: the endpoint's public-url, or MockMvc's.
      signer.requestUrl(requestUrl != null ? requestUrl : MOCK_MVC_ORIGIN + path);
    }
    this.signer = signer.build();
  }

  /**
   * Requests for a configured endpoint, signed with its first secret.
   *
   * @param properties the application's bound properties
   * @param endpoint the endpoint's name under {@code hookmesh.receiver.endpoints}
   * @return the request factory
   * @throws IllegalArgumentException if no such endpoint or secret is configured
   */
  public static SignedWebhookRequests forEndpoint(
      HookmeshReceiverProperties properties, String endpoint) {
    HookmeshReceiverProperties.Endpoint config = properties.endpoints().get(endpoint);
    if (config == null || config.secrets().isEmpty()) {
      throw new IllegalArgumentException("No secret is configured for the webhook endpoint '"
          + endpoint + "'; configured: " + properties.endpoints().keySet());
    }
    String path = config.path() == null ? "/webhooks/" + endpoint : config.path();
    SignatureScheme scheme = SignatureScheme.named(config.scheme());
    return new SignedWebhookRequests(path, scheme,
        scheme.parseSigningKey(config.secrets().get(0)), Clock.systemUTC(), config.publicUrl());
  }

  /**
   * Requests for a path, signed in a scheme with a key.
   *
   * @param path the endpoint's path, such as {@code /webhooks/billing}
   * @param scheme the scheme name, such as {@code standard-webhooks} or {@code github}
   * @param signingKey the secret, or {@code whsk_...} for Ed25519
   * @return the request factory
   */
  public static SignedWebhookRequests of(String path, String scheme, String signingKey) {
    SignatureScheme parsed = SignatureScheme.named(scheme);
    return new SignedWebhookRequests(
        path, parsed, parsed.parseSigningKey(signingKey), Clock.systemUTC(), null);
  }

  /**
   * The same requests signed at the times a clock gives, for testing tolerance.
   *
   * @param clock the clock
   * @return a new request factory
   */
  public SignedWebhookRequests withClock(Clock clock) {
    return new SignedWebhookRequests(path, signer.scheme(), key, clock, requestUrl);
  }

  /**
   * The same requests signed for another URL, for the schemes that sign it (Twilio, Square):
   * such as {@code http://localhost:<port>/webhooks/twilio} for a test over real HTTP. MockMvc's
   * {@code http://localhost} and the path, or the endpoint's {@code public-url}, by default.
   *
   * @param requestUrl the full URL the requests are posted to
   * @return a new request factory
   */
  public SignedWebhookRequests withRequestUrl(String requestUrl) {
    return new SignedWebhookRequests(path, signer.scheme(), key, clock,
        Objects.requireNonNull(requestUrl, "requestUrl"));
  }

  /**
   * The endpoint's path.
   *
   * @return the path
   */
  public String path() {
    return path;
  }

  /**
   * The signature headers for a body, with a fresh message id.
   *
   * @param body the exact bytes that will be sent
   * @return the headers to add
   */
  public Map<String, String> headers(byte[] body) {
    return headers(newId(), body);
  }

  /**
   * The signature headers for a body and message id.
   *
   * @param id the message id
   * @param body the exact bytes that will be sent
   * @return the headers to add
   */
  public Map<String, String> headers(String id, byte[] body) {
    return signer.sign(id, body);
  }

  /**
   * A signed MockMvc {@code POST} of a JSON body, with a fresh message id.
   *
   * @param json the body
   * @return a request builder; add headers such as {@code X-GitHub-Event} as needed
   */
  public MockHttpServletRequestBuilder post(String json) {
    return post(newId(), json.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A signed MockMvc {@code POST}.
   *
   * @param id the message id
   * @param body the body
   * @return a request builder
   */
  public MockHttpServletRequestBuilder post(String id, byte[] body) {
    MockHttpServletRequestBuilder request = MockMvcRequestBuilders.post(path)
        .contentType(MediaType.APPLICATION_JSON)
        .content(body);
    headers(id, body).forEach(request::header);
    return request;
  }

  /**
   * A signed WebTestClient {@code POST} of a JSON body, with a fresh message id.
   *
   * @param client the client
   * @param json the body
   * @return the request, ready to {@code exchange()}
   */
  public WebTestClient.RequestHeadersSpec<?> post(WebTestClient client, String json) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    Map<String, String> headers = headers(body);
    return client.post().uri(path)
        .contentType(MediaType.APPLICATION_JSON)
        .headers(http -> headers.forEach(http::set))
        .bodyValue(body);
  }

  private static String newId() {
    return "msg_" + UUID.randomUUID().toString().replace("-", "");
  }

  @Override
  public String toString() {
    return "SignedWebhookRequests[path=" + path + ", scheme=" + signer.scheme().name() + "]";
  }
}
