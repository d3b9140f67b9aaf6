package dev.hookmesh;

import dev.hookmesh.signature.Ed25519PrivateKey;
import dev.hookmesh.signature.HmacSecret;
import dev.hookmesh.signature.SignatureScheme;
import dev.hookmesh.signature.SigningKey;
import dev.hookmesh.signature.VerificationKey;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * One way of signing, for tests that run over every scheme: the scheme, a key pair, and where
 * the signature, id and timestamp travel so that tests can tamper with each.
 */
record SchemeFixture(
    String label,
    SignatureScheme scheme,
    SigningKey signingKey,
    VerificationKey verificationKey,
    String signatureHeader,
    String signaturePrefix,
    boolean hexSignature,
    String idHeader,
    String timestampHeader) {

  static final String NONE = "";

  static List<SchemeFixture> all() {
    HmacSecret standardSecret = HmacSecret.generate();
    Ed25519PrivateKey ed25519 = Ed25519PrivateKey.generate();
    HmacSecret github = HmacSecret.ofUtf8("github-secret-" + System.nanoTime());
    HmacSecret stripe = HmacSecret.ofUtf8("whsec_stripe" + System.nanoTime());
    HmacSecret slack = HmacSecret.ofUtf8("8f742231b10e8888abcd" + System.nanoTime());
    HmacSecret shopify = HmacSecret.ofUtf8("shpss_" + System.nanoTime());
    HmacSecret paddle = HmacSecret.ofUtf8("pdl_ntfset_" + System.nanoTime());
    HmacSecret coinbase = HmacSecret.ofUtf8("cc-shared-secret-" + System.nanoTime());
    Ed25519PrivateKey discord = Ed25519PrivateKey.generate();
    HmacSecret twilio = HmacSecret.ofUtf8("twilio-auth-token-" + System.nanoTime());
    HmacSecret square = HmacSecret.ofUtf8("square-signature-key-" + System.nanoTime());
    return List.of(
        new SchemeFixture("standard-webhooks v1", SignatureScheme.standardWebhooks(),
            standardSecret, standardSecret, "webhook-signature", "v1,", false,
            "webhook-id", "webhook-timestamp"),
        new SchemeFixture("standard-webhooks v1a", SignatureScheme.standardWebhooks(),
            ed25519, ed25519.publicKey(), "webhook-signature", "v1a,", false,
            "webhook-id", "webhook-timestamp"),
        new SchemeFixture("github", SignatureScheme.github(), github, github,
            "X-Hub-Signature-256", "sha256=", true, NONE, NONE),
        new SchemeFixture("stripe", SignatureScheme.stripe(), stripe, stripe,
            "Stripe-Signature", NONE, true, NONE, "Stripe-Signature"),
        new SchemeFixture("slack", SignatureScheme.slack(), slack, slack,
            "X-Slack-Signature", "v0=", true, NONE, "X-Slack-Request-Timestamp"),
        new SchemeFixture("shopify", SignatureScheme.shopify(), shopify, shopify,
            "X-Shopify-Hmac-Sha256", NONE, false, NONE, NONE),
        new SchemeFixture("paddle", SignatureScheme.paddle(), paddle, paddle,
            "Paddle-Signature", NONE, true, NONE, "Paddle-Signature"),
        new SchemeFixture("discord", SignatureScheme.discord(), discord, discord.publicKey(),
            "X-Signature-Ed25519", NONE, true, NONE, "X-Signature-Timestamp"),
        new SchemeFixture("coinbase-commerce", SignatureScheme.coinbaseCommerce(), coinbase,
            coinbase, "X-CC-Webhook-Signature", NONE, true, NONE, NONE),
        new SchemeFixture("twilio", SignatureScheme.twilio(), twilio, twilio,
            "X-Twilio-Signature", NONE, false, NONE, NONE),
        new SchemeFixture("square", SignatureScheme.square(), square, square,
            "X-Square-HmacSha256-Signature", NONE, false, NONE, NONE));
  }

  boolean signsId() {
    return !idHeader.isEmpty();
  }

  boolean signsTimestamp() {
    return !timestampHeader.isEmpty();
  }

  /** Where the schemes that sign the request's URL post to. */
  static final String REQUEST_URL = "https://example.com/webhooks/in?tenant=acme";

  WebhookSigner signer() {
    WebhookSigner.Builder signer = WebhookSigner.builder().scheme(scheme).key(signingKey);
    return (scheme.signsRequestUrl() ? signer.requestUrl(REQUEST_URL) : signer).build();
  }

  WebhookVerifier.Builder verifier() {
    WebhookVerifier.Builder verifier =
        WebhookVerifier.builder().scheme(scheme).key(verificationKey);
    return scheme.signsRequestUrl() ? verifier.requestUrl(REQUEST_URL) : verifier;
  }

  /** The raw signature bytes in a signed header value. */
  byte[] signatureBytes(String headerValue) {
    String encoded = encodedSignature(headerValue);
    return hexSignature ? HexFormat.of().parseHex(encoded) : Base64.getDecoder().decode(encoded);
  }

  /** The header value with its signature replaced by {@code signature}. */
  String withSignature(String headerValue, byte[] signature) {
    String encoded = hexSignature
        ? HexFormat.of().formatHex(signature)
        : Base64.getEncoder().encodeToString(signature);
    return headerValue.replace(encodedSignature(headerValue), encoded);
  }

  private String encodedSignature(String headerValue) {
    if (scheme == SignatureScheme.stripe()) {
      return headerValue.substring(headerValue.indexOf("v1=") + 3);
    }
    if (scheme == SignatureScheme.paddle()) {
      return headerValue.substring(headerValue.indexOf("h1=") + 3);
    }
    return headerValue.substring(signaturePrefix.length());
  }

  @Override
  public String toString() {
    return label;
  }
}
