package dev.hookmesh.spring.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.stripe.net.Webhook;
import dev.hookmesh.WebhookSigner;
import dev.hookmesh.signature.SignatureScheme;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Webhooks signed by Hookmesh and by other senders' libraries, received over real HTTP. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ReceiverHttpTest {

  static final String BILLING_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  static final String ROTATED_SECRET = "whsec_c2Vjb25kIHRlc3Qgc2VjcmV0IGZvciByb3RhdGlvbg==";

  @LocalServerPort int port;
  @Autowired ReceiverTestApplication.Calls calls;
  LoopbackClient client;
  String id;

  @BeforeEach
  void setUp() {
    client = new LoopbackClient(port);
    id = "msg_" + UUID.randomUUID().toString().replace("-", "");
  }

  private static WebhookSigner signer(String secret) {
    return WebhookSigner.builder().key(secret).build();
  }

  private String invoice(String type) {
    return "{\"type\":\"" + type + "\",\"id\":\"" + id + "\",\"amount\":4200}";
  }

  private HttpResponse<String> postBilling(String body) {
    return client.post("/webhooks/billing", signer(BILLING_SECRET).sign(id, body), body);
  }

  @Test
  void handledEventIsAnswered204AndBindsTheRecord() {
    HttpResponse<String> response = postBilling(invoice("invoice.created"));

    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(calls.mentioning(id)).containsExactly("invoice " + id + " 4200 key0");
  }

  @Test
  void severalListenersAllRunInTheirDefinedOrder() {
    postBilling(invoice("invoice.paid"));

    assertThat(calls.mentioning(id))
        .containsExactly("first " + id, "invoice " + id + " 4200 key0");
  }

  @Test
  void globMatchesAndTheEventTypeBinds() {
    postBilling(invoice("customer.subscription.deleted"));

    assertThat(calls.mentioning(id))
        .containsExactly("customer customer.subscription.deleted " + id);
  }

  @Test
  void rawBodyHeadersAndHeaderListBind() {
    String body = "{\"type\":\"raw.bytes\",\"id\":\"" + id + "\"}";
    Map<String, Object> headers =
        LoopbackClient.plus(signer(BILLING_SECRET).sign(id, body), "X-Extra", List.of("a", "b"));

    HttpResponse<String> response = client.post("/webhooks/billing", headers, body);

    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(calls.mentioning(id))
        .containsExactly("raw " + id + " " + body.length() + " " + body.length() + " 1 [a, b]");
  }

  @Test
  void keyRotationAcceptsTheOldAndTheNewSecret() {
    String body = invoice("invoice.created");
    String second = "msg_rotated_" + id;

    assertThat(client.post("/webhooks/billing", signer(BILLING_SECRET).sign(id, body), body)
        .statusCode()).isEqualTo(204);
    assertThat(client.post("/webhooks/billing", signer(ROTATED_SECRET).sign(second, body), body)
        .statusCode()).isEqualTo(204);
    assertThat(calls.mentioning(id)).containsExactly(
        "invoice " + id + " 4200 key0", "invoice " + id + " 4200 key1");
  }

  @Test
  void duplicateIdIsAcknowledgedWithoutCallingTheListenerAgain() {
    String body = invoice("invoice.created");
    Map<String, String> headers = signer(BILLING_SECRET).sign(id, body);

    assertThat(client.post("/webhooks/billing", headers, body).statusCode()).isEqualTo(204);
    assertThat(client.post("/webhooks/billing", headers, body).statusCode()).isEqualTo(200);
    assertThat(calls.mentioning(id)).hasSize(1);
  }

  @Test
  void eventWithoutListenerIsAcknowledged() {
    HttpResponse<String> response = postBilling(invoice("payout.created"));

    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(calls.mentioning(id)).isEmpty();
  }

  @Test
  void listenerThatThrowsGives500WithoutLeakingItsMessage() {
    HttpResponse<String> response = postBilling(invoice("boom"));

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(response.body()).contains("\"reason\":\"LISTENER_FAILED\"")
        .doesNotContain("must not leak");
  }

  @Test
  void failedMessageIsHandledAgainWhenTheSenderRetries() {
    String body = invoice("flaky");
    Map<String, String> headers = signer(BILLING_SECRET).sign(id, body);

    assertThat(client.post("/webhooks/billing", headers, body).statusCode()).isEqualTo(500);
    assertThat(client.post("/webhooks/billing", headers, body).statusCode()).isEqualTo(204);
    assertThat(client.post("/webhooks/billing", headers, body).statusCode()).isEqualTo(200);
    assertThat(calls.mentioning(id)).hasSize(2);
  }

  @Test
  void wrongSecretGives401ProblemWithReason() {
    String body = invoice("invoice.created");
    HttpResponse<String> response = client.post("/webhooks/billing",
        signer("whsec_" + Base64.getEncoder().encodeToString(new byte[24])).sign(id, body),
        body);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body()).contains("\"status\":401", "\"title\":\"Unauthorized\"",
        "\"reason\":\"NO_MATCHING_SIGNATURE\"", "\"detail\":");
    assertThat(calls.mentioning(id)).isEmpty();
  }

  @Test
  void missingSignatureHeadersGive400() {
    HttpResponse<String> response =
        client.post("/webhooks/billing", Map.of(), invoice("invoice.created"));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("\"reason\":\"MISSING_HEADER\"");
  }

  @Test
  void signedBodyThatIsNotJsonGives400() {
    HttpResponse<String> response = postBilling("not json {");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("\"reason\":\"INVALID_JSON\"");
  }

  @Test
  void bodyOverTheLimitGives413AndNeverReachesTheListener() {
    String body = "x".repeat(65);
    Map<String, Object> headers =
        LoopbackClient.plus(signer(BILLING_SECRET).sign(id, body), "X-Event", "any");

    HttpResponse<String> response = client.post("/hooks/small", headers, body);

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.body()).contains("\"reason\":\"PAYLOAD_TOO_LARGE\"");
    assertThat(calls.mentioning("small")).isEmpty();
  }

  @Test
  void customPathAndHeaderEventTypeAreHonoured() {
    String body = "small " + id;
    Map<String, Object> headers =
        LoopbackClient.plus(signer(BILLING_SECRET).sign(id, body), "X-Event", "note");

    HttpResponse<String> response = client.post("/hooks/small", headers, "text/plain",
        HttpRequest.BodyPublishers.ofString(body));

    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(calls.mentioning(id)).containsExactly("small small " + id);
  }

  @Test
  void disabledEndpointIsNotServed() {
    HttpResponse<String> response = client.post("/webhooks/disabled", Map.of(), "{}");

    assertThat(response.statusCode()).isEqualTo(404);
  }

  @Test
  void svixSignatureIsAccepted() throws Exception {
    String body = invoice("invoice.created");
    long now = Instant.now().getEpochSecond();
    String signature = new com.svix.Webhook(BILLING_SECRET).sign(id, now, body);

    HttpResponse<String> response = client.post("/webhooks/billing", Map.of(
        "svix-id", id, "svix-timestamp", Long.toString(now), "svix-signature", signature), body);

    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(calls.mentioning(id)).hasSize(1);
  }

  @Test
  void standardWebhooksLibrarySignatureIsAccepted() throws Exception {
    String body = invoice("invoice.created");
    long now = Instant.now().getEpochSecond();
    String signature = new com.standardwebhooks.Webhook(ROTATED_SECRET).sign(id, now, body);

    HttpResponse<String> response = client.post("/webhooks/billing", Map.of(
        "webhook-id", id, "webhook-timestamp", Long.toString(now), "webhook-signature", signature),
        body);

    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(calls.mentioning(id)).containsExactly("invoice " + id + " 4200 key1");
  }

  @Test
  void githubPublishedVectorIsAccepted() {
    HttpResponse<String> response = client.post("/webhooks/github", Map.of(
        "X-Hub-Signature-256",
        "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
        "X-GitHub-Event", "push",
        "X-GitHub-Delivery", id), "Hello, World!");

    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(calls.mentioning(id)).containsExactly("github " + id + " Hello, World!");
  }

  @Test
  void stripeJavaSignatureIsAcceptedAndDeduplicatedOnTheBodyId() throws Exception {
    String body = "{\"id\":\"evt_" + id + "\",\"type\":\"payment_intent.succeeded\"}";
    long now = Instant.now().getEpochSecond();
    String v1 = Webhook.Util.computeHmacSha256("whsec_stripe_test_secret", now + "." + body);
    Map<String, String> headers = Map.of("Stripe-Signature", "t=" + now + ",v1=" + v1);

    assertThat(client.post("/webhooks/stripe", headers, body).statusCode()).isEqualTo(204);
    assertThat(client.post("/webhooks/stripe", headers, body).statusCode()).isEqualTo(200);
    assertThat(calls.mentioning(id)).containsExactly("stripe evt_" + id);
  }

  @Test
  void slackSignatureIsAcceptedWithTheNestedEventType() {
    String body = "{\"event_id\":\"Ev" + id + "\",\"type\":\"event_callback\","
        + "\"event\":{\"type\":\"app_mention\"}}";
    Map<String, String> headers = WebhookSigner.builder().scheme(SignatureScheme.slack())
        .key("slack-test-signing-secret").build().sign(id, body);

    assertThat(client.post("/webhooks/slack", headers, body).statusCode()).isEqualTo(204);
    assertThat(calls.mentioning(id)).containsExactly("slack Ev" + id);
  }

  @Test
  void shopifySignatureIsAcceptedWithTheTopicHeader() {
    String body = "{\"id\":1}";
    Map<String, Object> headers = LoopbackClient.plus(WebhookSigner.builder()
        .scheme(SignatureScheme.shopify()).key("shopify-test-client-secret").build().sign(id, body), "X-Shopify-Topic", "orders/create");

    HttpResponse<String> response = client.post("/webhooks/shopify", headers, body);

    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(calls.mentioning(id)).containsExactly("shopify " + id);
  }

  @Test
  void ed25519SignatureIsAcceptedWithAPublicKey() {
    String body = "{\"type\":\"anything\"}";
    Map<String, String> headers = WebhookSigner.builder()
        .key("whsk_6Xb/dCcHpPea21PS1N9VY/NZW723CEc77N4rJCubMbfVKIDij2HKpMKkioLlX0dRqSKJp4AJ6p9lMicMFs6Kvg==")
        .build().sign(id, body);

    assertThat(client.post("/webhooks/ed25519", headers, body).statusCode()).isEqualTo(204);
    assertThat(calls.mentioning(id)).containsExactly("ed25519 " + id);
  }
}
