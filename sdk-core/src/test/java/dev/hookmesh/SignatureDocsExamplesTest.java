package dev.hookmesh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookmesh.signature.Ed25519PrivateKey;
import dev.hookmesh.signature.Ed25519PublicKey;
import dev.hookmesh.signature.HmacSecret;
import dev.hookmesh.signature.SignatureScheme;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The examples of docs/signatures.md, compiled and run. */
class SignatureDocsExamplesTest {

  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

  @Test
  void standardWebhooksReceiver() {
    Map<String, String> headers =
        WebhookSigner.builder().key(SECRET).build().sign("msg_1", "{}".getBytes(StandardCharsets.UTF_8));
    byte[] rawBody = "{}".getBytes(StandardCharsets.UTF_8);
    // docs:standard-verify
    WebhookVerifier verifier = WebhookVerifier.builder()
        .key("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
        .build();
    WebhookEvent event = verifier.verify(headers, rawBody);
    String idempotencyKey = event.id();
    // end
    assertThat(idempotencyKey).isEqualTo("msg_1");
  }

  @Test
  void urlSigningSchemes() {
    String twilioAuthToken = "12345";
    String squareSignatureKey = "asdf1234";
    byte[] formBody = "Digits=1234&From=%2B14158675310".getBytes(StandardCharsets.UTF_8);
    Map<String, String> twilioHeaders = WebhookSigner.builder().scheme(SignatureScheme.twilio())
        .key(twilioAuthToken).build()
        .signFor("https://example.com/webhooks/twilio?account=AC1", "idem_1", formBody);
    byte[] jsonBody = "{\"hello\":\"world\"}".getBytes(StandardCharsets.UTF_8);
    Map<String, String> squareHeaders = Map.of("X-Square-HmacSha256-Signature",
        "2kRE5qRU2tR+tBGlDwMEw2avJ7QM4ikPYD/PJ3bd9Og=");
    // docs:url-signing
    WebhookVerifier twilio = WebhookVerifier.builder()
        .scheme(SignatureScheme.twilio())
        .key(twilioAuthToken)
        .build();
    WebhookEvent sms = twilio.verify(HeaderLookup.of(twilioHeaders), formBody,
        "https://example.com/webhooks/twilio?account=AC1");   // the URL as Twilio requested it

    WebhookVerifier square = WebhookVerifier.builder()
        .scheme(SignatureScheme.square())
        .key(squareSignatureKey)
        .requestUrl("https://example.com/webhook")             // as registered with Square
        .build();
    WebhookEvent payment = square.verify(squareHeaders, jsonBody);
    // end
    assertThat(sms.id()).isEqualTo("idem_1");
    assertThat(payment.scheme()).isEqualTo("square");
  }

  @Test
  void providerSchemes() {
    // docs:providers
    WebhookVerifier github = WebhookVerifier.builder()
        .scheme(SignatureScheme.github())
        .key("It's a Secret to Everybody")           // the webhook's secret, as typed
        .build();
    WebhookVerifier stripe = WebhookVerifier.builder()
        .scheme(SignatureScheme.stripe())
        .key("whsec_...your endpoint secret...")      // used whole, as UTF-8
        .build();
    WebhookVerifier slack = WebhookVerifier.builder()
        .scheme(SignatureScheme.slack())
        .key("8f742231b10e8888abcd99yyyzzz85a5")       // the app's signing secret
        .build();
    WebhookVerifier shopify = WebhookVerifier.builder()
        .scheme(SignatureScheme.shopify())
        .key("shpss_...your app's client secret...")
        .build();
    // end
    byte[] body = "Hello, World!".getBytes(StandardCharsets.UTF_8);
    assertThat(github.verify(Map.of("X-Hub-Signature-256",
        "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"), body)).isNotNull();
    assertThat(stripe.scheme().name()).isEqualTo("stripe");
    assertThat(slack.scheme().name()).isEqualTo("slack");
    assertThat(shopify.scheme().name()).isEqualTo("shopify");
  }

  @Test
  void ed25519Keys() {
    // docs:ed25519
    // The sender generates a key pair once and publishes the public half.
    Ed25519PrivateKey signingKey = Ed25519PrivateKey.generate();
    String published = signingKey.publicKey().encode();           // "whpk_..."
    String storedSecretly = signingKey.encode();                   // "whsk_..."

    WebhookSigner signer = WebhookSigner.builder().key(storedSecretly).build();
    WebhookVerifier verifier = WebhookVerifier.builder().key(published).build();
    // end
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
    assertThat(verifier.verify(signer.sign("msg_ed", body), body)).isNotNull();
    assertThat(verifier.keys()).singleElement().isInstanceOf(Ed25519PublicKey.class);
  }

  @Test
  void rotation() {
    String oldSecret = SECRET;
    String newSecret = HmacSecret.generate().encode();
    // docs:rotation
    // 1. Receivers accept both secrets.
    WebhookVerifier verifier = WebhookVerifier.builder()
        .key(oldSecret)
        .key(newSecret)
        .build();
    // 2. Senders sign with both for a while: either key verifies.
    WebhookSigner signer = WebhookSigner.builder()
        .key(oldSecret)
        .key(newSecret)
        .build();
    // 3. Once event.keyIndex() shows only the new key matching, drop the old one everywhere.
    // end
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
    assertThat(verifier.verify(signer.sign("msg_r", body), body).keyIndex()).isZero();
  }

  @Test
  void generateSecrets() {
    // docs:generate
    HmacSecret secret = HmacSecret.generate();       // 32 bytes from SecureRandom
    String forTheCustomer = secret.encode();         // "whsec_..." shown once in your UI
    // end
    assertThat(forTheCustomer).startsWith("whsec_");
  }

  @Test
  void limits() {
    // docs:limits
    WebhookVerifier verifier = WebhookVerifier.builder()
        .key("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
        .tolerance(Duration.ofMinutes(2))   // default 5 minutes, both directions
        .maxPayloadSize(256 * 1024)         // default 1 MiB
        .maxSignatures(4)                   // default 16 per request
        .build();
    // end
    assertThat(verifier.tolerance()).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void handleFailure() {
    WebhookVerifier verifier = WebhookVerifier.builder().key(SECRET).build();
    Map<String, String> headers = Map.of();
    byte[] body = new byte[0];
    int status;
    // docs:handle-failure
    try {
      WebhookEvent event = verifier.verify(headers, body);
      // handle the event, then answer 2xx
      status = 204;
    } catch (WebhookVerificationException e) {
      status = e.reason().httpStatus();   // 400, 401 or 413; the message is safe to return
    }
    // end
    assertThat(status).isEqualTo(400);
  }

  @Test
  void everyJavaBlockOfTheSignaturesPageIsCompiledHere() {
    DocSnippets.assertSnippetsAreRegions("../docs/signatures.md", SignatureDocsExamplesTest.class);
  }
}
