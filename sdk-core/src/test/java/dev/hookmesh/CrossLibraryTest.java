package dev.hookmesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookmesh.signature.HmacSecret;
import dev.hookmesh.signature.SignatureScheme;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Interoperability with the libraries people use today: what they sign verifies in Hookmesh,
 * and what Hookmesh signs verifies in them. They read the system clock, so these tests sign
 * at the current time.
 */
class CrossLibraryTest {

  private static final String PAYLOAD = "{\"type\":\"invoice.paid\",\"data\":{\"amount\":4200,\"currency\":\"eur\"}}";
  private static final byte[] BODY = PAYLOAD.getBytes(StandardCharsets.UTF_8);

  private final String secret = HmacSecret.generate().encode();
  private final WebhookVerifier verifier = WebhookVerifier.builder().key(secret).build();
  private final WebhookSigner signer = WebhookSigner.builder().key(secret).build();

  @Test
  void verifiesStandardWebhooksLibrarySignatures() throws Exception {
    long now = Instant.now().getEpochSecond();
    String signature = new com.standardwebhooks.Webhook(secret).sign("msg_std", now, PAYLOAD);

    WebhookEvent event = verifier.verify(Map.of(
        "webhook-id", "msg_std",
        "webhook-timestamp", Long.toString(now),
        "webhook-signature", signature), BODY);

    assertThat(event.id()).isEqualTo("msg_std");
  }

  @Test
  void standardWebhooksLibraryVerifiesHookmeshSignatures() {
    Map<String, String> headers = signer.sign("msg_hm", BODY);

    assertThatCode(() -> new com.standardwebhooks.Webhook(secret).verify(PAYLOAD, multi(headers)))
        .doesNotThrowAnyException();
  }

  @Test
  void standardWebhooksLibraryRejectsATamperedHookmeshRequest() {
    Map<String, String> headers = signer.sign("msg_hm", BODY);

    assertThatThrownBy(() -> new com.standardwebhooks.Webhook(secret)
        .verify(PAYLOAD.replace("4200", "4201"), multi(headers)))
        .isInstanceOf(com.standardwebhooks.exceptions.WebhookVerificationException.class);
  }

  @Test
  void verifiesSvixSignaturesUnderSvixHeaderNames() throws Exception {
    long now = Instant.now().getEpochSecond();
    String signature = new com.svix.Webhook(secret).sign("msg_svix", now, PAYLOAD);

    WebhookEvent event = verifier.verify(Map.of(
        "svix-id", "msg_svix",
        "svix-timestamp", Long.toString(now),
        "svix-signature", signature), BODY);

    assertThat(event.id()).isEqualTo("msg_svix");
  }

  @Test
  void svixVerifiesHookmeshSignatures() {
    Map<String, String> headers = signer.sign("msg_hm", BODY);

    assertThatCode(() -> new com.svix.Webhook(secret).verify(PAYLOAD, multi(headers)))
        .doesNotThrowAnyException();
  }

  @Test
  void verifiesStripeJavaSignatures() throws Exception {
    String stripeSecret = "whsec_" + HmacSecret.generate().encode().substring(6);
    long now = Instant.now().getEpochSecond();
    String hex = com.stripe.net.Webhook.Util.computeHmacSha256(stripeSecret, now + "." + PAYLOAD);
    WebhookVerifier stripe = WebhookVerifier.builder()
        .scheme(SignatureScheme.stripe()).key(stripeSecret).build();

    WebhookEvent event = stripe.verify(Map.of("Stripe-Signature", "t=" + now + ",v1=" + hex), BODY);

    assertThat(event.timestamp()).isEqualTo(Instant.ofEpochSecond(now));
  }

  @Test
  void stripeJavaVerifiesHookmeshSignatures() {
    String stripeSecret = "whsec_" + HmacSecret.generate().encode().substring(6);
    Map<String, String> headers = WebhookSigner.builder()
        .scheme(SignatureScheme.stripe()).key(stripeSecret).build().sign("evt_1", BODY);

    assertThatCode(() -> com.stripe.net.Webhook.Signature.verifyHeader(
        PAYLOAD, headers.get("Stripe-Signature"), stripeSecret, 300))
        .doesNotThrowAnyException();
  }

  @Test
  void stripeJavaAcceptsAHookmeshHeaderSignedWithTwoSecrets() {
    String oldSecret = "whsec_old" + System.nanoTime();
    String newSecret = "whsec_new" + System.nanoTime();
    Map<String, String> headers = WebhookSigner.builder().scheme(SignatureScheme.stripe())
        .key(oldSecret).key(newSecret).build().sign("evt_2", BODY);

    assertThatCode(() -> com.stripe.net.Webhook.Signature.verifyHeader(
        PAYLOAD, headers.get("Stripe-Signature"), newSecret, 300))
        .doesNotThrowAnyException();
  }

  private static Map<String, List<String>> multi(Map<String, String> headers) {
    return headers.entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, entry -> List.of(entry.getValue())));
  }
}
