package dev.hookmesh.signature;

import dev.hookmesh.HeaderLookup;
import dev.hookmesh.WebhookEvent;
import dev.hookmesh.WebhookVerificationException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One wire format for webhook signatures: which headers carry them, which bytes are signed and
 * how keys are written. The built-ins cover the formats in use today:
 *
 * <table>
 *   <caption>Built-in schemes</caption>
 *   <tr><th>factory</th><th>headers</th><th>signed bytes</th></tr>
 *   <tr><td>{@link #standardWebhooks()}</td>
 *       <td>{@code webhook-id}, {@code webhook-timestamp}, {@code webhook-signature}
 *           (and the {@code svix-} aliases)</td>
 *       <td>{@code id.timestamp.body}</td></tr>
 *   <tr><td>{@link #github()}</td><td>{@code X-Hub-Signature-256}</td><td>body</td></tr>
 *   <tr><td>{@link #stripe()}</td><td>{@code Stripe-Signature}</td><td>{@code timestamp.body}</td></tr>
 *   <tr><td>{@link #slack()}</td><td>{@code X-Slack-Signature},
 *           {@code X-Slack-Request-Timestamp}</td><td>{@code v0:timestamp:body}</td></tr>
 *   <tr><td>{@link #shopify()}</td><td>{@code X-Shopify-Hmac-Sha256}</td><td>body</td></tr>
 *   <tr><td>{@link #paddle()}</td><td>{@code Paddle-Signature}</td><td>{@code ts:body}</td></tr>
 *   <tr><td>{@link #gitlab()}</td><td>{@code X-Gitlab-Token}</td><td>none: a shared token</td></tr>
 *   <tr><td>{@link #discord()}</td><td>{@code X-Signature-Ed25519},
 *           {@code X-Signature-Timestamp}</td><td>{@code timestamp} then body, Ed25519</td></tr>
 *   <tr><td>{@link #coinbaseCommerce()}</td><td>{@code X-CC-Webhook-Signature}</td>
 *       <td>body</td></tr>
 *   <tr><td>{@link #twilio()}</td><td>{@code X-Twilio-Signature}</td>
 *       <td>the URL, then the sorted form parameters (or the URL with {@code bodySHA256}),
 *           HMAC-SHA1</td></tr>
 *   <tr><td>{@link #square()}</td><td>{@code X-Square-HmacSha256-Signature}</td>
 *       <td>the notification URL then the body</td></tr>
 * </table>
 *
 * <p>Schemes are stateless and thread-safe; keys carry their own prepared state. Applications
 * use a scheme through {@link dev.hookmesh.WebhookVerifier} and {@link dev.hookmesh.WebhookSigner}
 * rather than calling it directly.
 */
public interface SignatureScheme {

  /**
   * The scheme's name, as used in configuration: {@code standard-webhooks}, {@code github},
   * {@code stripe}, {@code slack}, {@code shopify}, {@code paddle}, {@code gitlab},
   * {@code discord}, {@code coinbase-commerce}, {@code twilio} or {@code square} for the
   * built-ins.
   *
   * @return a lowercase name
   */
  String name();

  /**
   * Reads a key as this scheme's users write it in configuration.
   *
   * @param secret the configured text
   * @return the key
   * @throws IllegalArgumentException if the text is not a key of this scheme; the message
   *     names the expected form and does not repeat the text
   */
  VerificationKey parseVerificationKey(String secret);

  /**
   * Reads a signing key as this scheme's users write it.
   *
   * @param secret the configured text
   * @return the key
   * @throws IllegalArgumentException if the text is not a key of this scheme
   */
  SigningKey parseSigningKey(String secret);

  /**
   * Whether this scheme can verify with the key: HMAC schemes take only {@link HmacSecret}s.
   *
   * @param key a key
   * @return {@code true} if {@link #verify} can use it
   */
  default boolean supports(VerificationKey key) {
    return key instanceof HmacSecret;
  }

  /**
   * Whether this scheme can sign with the key: HMAC schemes take only {@link HmacSecret}s.
   *
   * @param key a key
   * @return {@code true} if {@link #sign} can use it
   */
  default boolean supports(SigningKey key) {
    return key instanceof HmacSecret;
  }

  /**
   * Signs a message with every key, for key rotation.
   *
   * @param id the message id, sent where the scheme has an id header
   * @param timestamp the signing time, sent and signed where the scheme signs one
   * @param body the exact bytes that will be sent
   * @param keys one or more keys this scheme {@linkplain #supports(SigningKey) supports}
   * @return the headers to send, in a stable order, with their canonical capitalisation
   */
  Map<String, String> sign(String id, Instant timestamp, byte[] body, List<? extends SigningKey> keys);

  /**
   * Signs a request to a URL, for the schemes that sign the URL they post to; the others sign
   * as {@link #sign(String, Instant, byte[], List)} does and ignore the URL.
   *
   * @param requestUrl the full URL the request goes to, query string included
   * @param id the message id, sent where the scheme has an id header
   * @param timestamp the signing time, where the scheme signs one
   * @param body the exact bytes that will be sent
   * @param keys one or more keys this scheme {@linkplain #supports(SigningKey) supports}
   * @return the headers to send
   */
  default Map<String, String> sign(String requestUrl, String id, Instant timestamp, byte[] body,
      List<? extends SigningKey> keys) {
    return sign(id, timestamp, body, keys);
  }

  /**
   * Whether this scheme signs the URL the request is posted to, which a verifier must then be
   * given ({@link VerificationContext#requestUrl()}).
   *
   * @return {@code true} for Twilio and Square
   */
  default boolean signsRequestUrl() {
    return false;
  }

  /**
   * Verifies a received request.
   *
   * @param headers the request headers
   * @param body the raw body, exactly as received
   * @param keys one or more keys this scheme {@linkplain #supports(VerificationKey) supports};
   *     any of them may match
   * @param context the time, tolerance and limits to apply
   * @return the verified event
   * @throws WebhookVerificationException if the request is not authentic, not fresh or not in
   *     this scheme's format
   */
  WebhookEvent verify(
      HeaderLookup headers,
      byte[] body,
      List<? extends VerificationKey> keys,
      VerificationContext context);

  /**
   * Standard Webhooks, the default, and what Svix sends. Signs {@code id.timestamp.body} with
   * HMAC-SHA256 ({@code v1,}) or Ed25519 ({@code v1a,}); several space-separated signatures
   * allow key rotation. Keys are {@code whsec_} ({@link HmacSecret}), {@code whpk_}
   * ({@link Ed25519PublicKey}) or {@code whsk_} ({@link Ed25519PrivateKey}).
   *
   * @return the scheme
   */
  static SignatureScheme standardWebhooks() {
    return StandardWebhooksScheme.INSTANCE;
  }

  /**
   * GitHub: {@code X-Hub-Signature-256: sha256=<hex>} over the body, keyed by the webhook
   * secret's UTF-8 bytes. GitHub signs no timestamp, so deduplicate on
   * {@code X-GitHub-Delivery} ({@link WebhookEvent#id()}) to refuse replays.
   *
   * @return the scheme
   */
  static SignatureScheme github() {
    return GitHubScheme.INSTANCE;
  }

  /**
   * Stripe: {@code Stripe-Signature: t=<ts>,v1=<hex>} over {@code ts.body}, keyed by the whole
   * endpoint secret string ({@code whsec_...}) as UTF-8.
   *
   * @return the scheme
   */
  static SignatureScheme stripe() {
    return StripeScheme.INSTANCE;
  }

  /**
   * Slack: {@code X-Slack-Signature: v0=<hex>} over {@code v0:ts:body}, with the timestamp in
   * {@code X-Slack-Request-Timestamp}, keyed by the signing secret as UTF-8.
   *
   * @return the scheme
   */
  static SignatureScheme slack() {
    return SlackScheme.INSTANCE;
  }

  /**
   * Shopify: {@code X-Shopify-Hmac-Sha256} is the Base64 HMAC-SHA256 of the body, keyed by the
   * app's client secret as UTF-8. Shopify signs no timestamp; deduplicate on
   * {@code X-Shopify-Webhook-Id} ({@link WebhookEvent#id()}).
   *
   * @return the scheme
   */
  static SignatureScheme shopify() {
    return ShopifyScheme.INSTANCE;
  }

  /**
   * Paddle Billing: {@code Paddle-Signature: ts=<ts>;h1=<hex>} over {@code ts:body} with
   * HMAC-SHA256, keyed by the notification destination's secret key as UTF-8; during a secret
   * rotation Paddle sends one {@code h1=} per secret.
   *
   * @return the scheme
   */
  static SignatureScheme paddle() {
    return PaddleScheme.INSTANCE;
  }

  /**
   * GitLab: the webhook's secret token, sent as it is in {@code X-Gitlab-Token} and compared in
   * constant time. GitLab signs nothing, so the token only proves the sender knows it; use
   * HTTPS, and deduplicate on {@code X-Gitlab-Event-UUID} ({@link WebhookEvent#id()}).
   *
   * @return the scheme
   */
  static SignatureScheme gitlab() {
    return GitLabScheme.INSTANCE;
  }

  /**
   * Discord interactions: {@code X-Signature-Ed25519} (hex) is an Ed25519 signature of
   * {@code X-Signature-Timestamp} followed by the body; the key is the application's public key
   * as 64 hex digits.
   *
   * @return the scheme
   */
  static SignatureScheme discord() {
    return DiscordScheme.INSTANCE;
  }

  /**
   * Coinbase Commerce: {@code X-CC-Webhook-Signature} is the hex HMAC-SHA256 of the body, keyed
   * by the webhook's shared secret as UTF-8. It signs no timestamp; deduplicate on the event's
   * id in the body.
   *
   * @return the scheme
   */
  static SignatureScheme coinbaseCommerce() {
    return CoinbaseCommerceScheme.INSTANCE;
  }

  /**
   * Twilio: {@code X-Twilio-Signature} is the Base64 HMAC-SHA1 of the full request URL followed
   * by the form parameters sorted by name, each name then its value, keyed by the account's
   * Auth Token as UTF-8. A JSON body is signed through the URL instead: Twilio adds its hex
   * SHA-256 as the {@code bodySHA256} query parameter, which must match the body. The URL is
   * tried as given and with its default port added or removed, as Twilio's own validators do.
   * Twilio signs no timestamp: deduplicate on {@code I-Twilio-Idempotency-Token}
   * ({@link WebhookEvent#id()}), or, without one, on the signature itself.
   *
   * @return the scheme
   */
  static SignatureScheme twilio() {
    return TwilioScheme.INSTANCE;
  }

  /**
   * Square: {@code X-Square-HmacSha256-Signature} is the Base64 HMAC-SHA256 of the notification
   * URL followed by the body, keyed by the subscription's signature key as UTF-8. The URL must
   * be the one registered with Square, exactly. Square signs no timestamp; deduplicate on the
   * body's {@code event_id}.
   *
   * @return the scheme
   */
  static SignatureScheme square() {
    return SquareScheme.INSTANCE;
  }

  /**
   * A built-in scheme by its {@linkplain #name() name}, ignoring case.
   *
   * @param name {@code standard-webhooks} (or {@code svix}), {@code github}, {@code stripe},
   *     {@code slack}, {@code shopify}, {@code paddle}, {@code gitlab}, {@code discord} or
   *     {@code coinbase-commerce}
   * @return the scheme
   * @throws IllegalArgumentException for any other name, listing the known ones
   */
  static SignatureScheme named(String name) {
    switch (name.strip().toLowerCase(java.util.Locale.ROOT)) {
      case "standard-webhooks":
      case "standardwebhooks":
      case "svix":
        return standardWebhooks();
      case "github":
        return github();
      case "stripe":
        return stripe();
      case "slack":
        return slack();
      case "shopify":
        return shopify();
      case "paddle":
        return paddle();
      case "gitlab":
        return gitlab();
      case "discord":
        return discord();
      case "coinbase-commerce":
      case "coinbase":
        return coinbaseCommerce();
      case "twilio":
        return twilio();
      case "square":
        return square();
      default:
        throw new IllegalArgumentException(
            "Unknown signature scheme '" + name + "': use standard-webhooks, github, stripe,"
                + " slack, shopify, paddle, gitlab, discord, coinbase-commerce, twilio or"
                + " square");
    }
  }
}
