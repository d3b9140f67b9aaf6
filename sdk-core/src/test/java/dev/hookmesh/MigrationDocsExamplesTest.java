package dev.hookmesh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookmesh.signature.SignatureScheme;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The before-and-after examples of docs/migration.md. The "before" code runs against the real
 * libraries, so the guide cannot misquote them.
 */
class MigrationDocsExamplesTest {

  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final String PAYLOAD = "{\"type\":\"invoice.paid\"}";

  private final Map<String, String> signed =
      WebhookSigner.builder().key(SECRET).build().sign("msg_m", PAYLOAD);

  @Test
  void fromSvix() throws Exception {
    Map<String, List<String>> headers = Map.of(
        "svix-id", List.of(signed.get("webhook-id")),
        "svix-timestamp", List.of(signed.get("webhook-timestamp")),
        "svix-signature", List.of(signed.get("webhook-signature")));
    String payload = PAYLOAD;
    byte[] rawBody = PAYLOAD.getBytes(StandardCharsets.UTF_8);
    // docs:svix-before
    com.svix.Webhook webhook = new com.svix.Webhook("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    webhook.verify(payload, headers);   // throws com.svix.exceptions.WebhookVerificationException
    // end
    // docs:svix-after
    WebhookVerifier verifier = WebhookVerifier.builder()
        .key("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
        .build();                                    // build once, share it
    WebhookEvent event = verifier.verify(headers, rawBody);   // throws WebhookVerificationException
    // end
    assertThat(event.id()).isEqualTo("msg_m");
  }

  @Test
  void fromStandardWebhooks() throws Exception {
    Map<String, List<String>> headers = Map.of(
        "webhook-id", List.of(signed.get("webhook-id")),
        "webhook-timestamp", List.of(signed.get("webhook-timestamp")),
        "webhook-signature", List.of(signed.get("webhook-signature")));
    String payload = PAYLOAD;
    // docs:standardwebhooks-before
    com.standardwebhooks.Webhook webhook =
        new com.standardwebhooks.Webhook("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    webhook.verify(payload, headers);
    // end
    byte[] rawBody = PAYLOAD.getBytes(StandardCharsets.UTF_8);
    WebhookVerifier verifier = WebhookVerifier.builder().key(SECRET).build();
    assertThat(verifier.verify(headers, rawBody).id()).isEqualTo("msg_m");
  }

  @Test
  void fromStripeJava() throws Exception {
    String endpointSecret = "whsec_test_" + System.nanoTime();
    String payload = "{\"id\":\"evt_1\",\"object\":\"event\",\"type\":\"invoice.paid\"}";
    byte[] rawBody = payload.getBytes(StandardCharsets.UTF_8);
    String sigHeader = WebhookSigner.builder().scheme(SignatureScheme.stripe()).key(endpointSecret)
        .build().sign("evt_1", rawBody).get("Stripe-Signature");
    // docs:stripe-before
    com.stripe.model.Event stripeEvent =
        com.stripe.net.Webhook.constructEvent(payload, sigHeader, endpointSecret);
    // end
    // docs:stripe-after
    WebhookVerifier verifier = WebhookVerifier.builder()
        .scheme(SignatureScheme.stripe())
        .key(endpointSecret)
        .tolerance(Duration.ofMinutes(5))            // stripe-java's default, both directions here
        .build();
    WebhookEvent event = verifier.verify(Map.of("Stripe-Signature", sigHeader), rawBody);
    // then parse event.body() with your JSON mapper, or with Stripe's:
    // ApiResource.GSON.fromJson(event.bodyAsString(), Event.class)
    // end
    assertThat(stripeEvent.getId()).isEqualTo("evt_1");
    assertThat(event.timestamp()).isBeforeOrEqualTo(Instant.now());
  }

  @Test
  void everyJavaBlockOfTheMigrationPageIsCompiled() {
    DocSnippets.assertSnippetsAreRegions("../docs/migration.md", MigrationDocsExamplesTest.class);
  }
}
