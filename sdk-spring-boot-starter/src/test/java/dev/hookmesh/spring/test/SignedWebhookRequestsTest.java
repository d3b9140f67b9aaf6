package dev.hookmesh.spring.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.hookmesh.WebhookEvent;
import dev.hookmesh.WebhookVerifier;
import dev.hookmesh.signature.SignatureScheme;
import dev.hookmesh.spring.HookmeshReceiverProperties;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockServletContext;
import org.springframework.util.unit.DataSize;

class SignedWebhookRequestsTest {

  static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  static final byte[] BODY = "{\"type\":\"invoice.paid\"}".getBytes(StandardCharsets.UTF_8);

  private static HookmeshReceiverProperties properties(String name, String path, String scheme,
      String secret) {
    return new HookmeshReceiverProperties(Map.of(name, new HookmeshReceiverProperties.Endpoint(
        path, scheme, List.of(secret), Duration.ofMinutes(5), DataSize.ofMegabytes(1), true,
        List.of(), Duration.ofHours(24))), new HookmeshReceiverProperties.Security(false));
  }

  @Test
  void signsForAConfiguredEndpointWithItsFirstSecret() {
    SignedWebhookRequests billing = SignedWebhookRequests.forEndpoint(
        properties("billing", null, "standard-webhooks", SECRET), "billing");

    WebhookEvent event = WebhookVerifier.builder().key(SECRET).build()
        .verify(billing.headers("msg_1", BODY), BODY);

    assertThat(billing.path()).isEqualTo("/webhooks/billing");
    assertThat(event.id()).isEqualTo("msg_1");
  }

  @Test
  void usesTheConfiguredPathAndScheme() {
    SignedWebhookRequests github = SignedWebhookRequests.forEndpoint(
        properties("gh", "/hooks/gh", "github", "s3cret"), "gh");

    assertThat(github.path()).isEqualTo("/hooks/gh");
    assertThat(github.headers(BODY)).containsKey("X-Hub-Signature-256");
  }

  @Test
  void unknownEndpointIsRefusedListingTheConfiguredOnes() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SignedWebhookRequests.forEndpoint(
            properties("billing", null, "standard-webhooks", SECRET), "biling"))
        .withMessageContaining("[billing]");
  }

  @Test
  void signsAtTheClocksTime() {
    Instant past = Instant.parse("2026-01-01T00:00:00Z");
    SignedWebhookRequests requests = SignedWebhookRequests
        .of("/webhooks/billing", "standard-webhooks", SECRET)
        .withClock(Clock.fixed(past, ZoneOffset.UTC));

    assertThat(requests.headers(BODY))
        .containsEntry("webhook-timestamp", Long.toString(past.getEpochSecond()));
  }

  @Test
  void mockMvcRequestCarriesPathBodyAndSignature() {
    SignedWebhookRequests requests =
        SignedWebhookRequests.of("/webhooks/billing", "standard-webhooks", SECRET);

    MockHttpServletRequest request =
        requests.post("{\"type\":\"a\"}").buildRequest(new MockServletContext());

    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getRequestURI()).isEqualTo("/webhooks/billing");
    assertThat(request.getContentType()).isEqualTo("application/json");
    assertThat(request.getHeader("webhook-signature")).startsWith("v1,");
  }

  @Test
  void signsWithAnEd25519PrivateKey() {
    SignedWebhookRequests requests = SignedWebhookRequests.of("/webhooks/keys",
        "standard-webhooks",
        "whsk_6Xb/dCcHpPea21PS1N9VY/NZW723CEc77N4rJCubMbfVKIDij2HKpMKkioLlX0dRqSKJp4AJ6p9lMicMFs6Kvg==");

    assertThat(requests.headers(BODY).get("webhook-signature")).startsWith("v1a,");
  }

  @Test
  void neverShowsTheSecret() {
    assertThat(SignedWebhookRequests.of("/w", "stripe", "whsec_stripe_secret").toString())
        .doesNotContain("stripe_secret")
        .contains(SignatureScheme.stripe().name());
  }
}
