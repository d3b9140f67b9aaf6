package dev.hookmesh.spring.schemes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookmesh.WebhookEvent;
import dev.hookmesh.WebhookSigner;
import dev.hookmesh.signature.SignatureScheme;
import dev.hookmesh.spring.WebhookEventType;
import dev.hookmesh.spring.WebhookListener;
import dev.hookmesh.spring.it.LoopbackClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;

/**
 * Twilio and Square endpoints over real HTTP: they verify against the URL the request arrived
 * at (behind a proxy, as its forwarded headers say), or against a configured public-url.
 */
@SpringBootTest(classes = UrlSigningSchemesHttpTest.App.class,
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
        "server.forward-headers-strategy=framework",
        "hookmesh.receiver.endpoints.twilio.scheme=twilio",
        "hookmesh.receiver.endpoints.twilio.secrets[0]=" + UrlSigningSchemesHttpTest.TWILIO_TOKEN,
        "hookmesh.receiver.endpoints.square.scheme=square",
        "hookmesh.receiver.endpoints.square.secrets[0]=" + UrlSigningSchemesHttpTest.SQUARE_KEY,
        "hookmesh.receiver.endpoints.square.public-url=" + UrlSigningSchemesHttpTest.SQUARE_URL})
class UrlSigningSchemesHttpTest {

  static final String TWILIO_TOKEN = "0123456789abcdef0123456789abcdef";
  static final String SQUARE_KEY = "Ibxx_5AKakO-3qeNVR61Dw";
  static final String SQUARE_URL = "https://hooks.example.com/webhooks/square?tenant=acme";
  private static final String FORM = "MessageSid=SM1234567890&From=%2B14158675310"
      + "&Body=Hello+there&MessageStatus=delivered";

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {
    @Bean
    Listeners listeners() {
      return new Listeners();
    }
  }

  @Component
  static class Listeners {
    final List<String> calls = new CopyOnWriteArrayList<>();

    @WebhookListener(endpoint = "twilio")
    void twilio(WebhookEvent event) {
      calls.add("twilio " + event.id() + " " + event.bodyAsString());
    }

    @WebhookListener(endpoint = "square", events = "payment.*")
    void square(@WebhookEventType String type, WebhookEvent event) {
      calls.add("square " + type);
    }
  }

  @LocalServerPort int port;
  @Autowired Listeners listeners;

  @BeforeEach
  void forget() {
    listeners.calls.clear();
  }

  private HttpResponse<String> post(String pathAndQuery, Map<String, String> headers,
      String contentType, String body) {
    return new LoopbackClient(port).post(pathAndQuery, headers, contentType,
        BodyPublishers.ofString(body));
  }

  private static Map<String, String> twilioSigned(String url, String id) {
    return WebhookSigner.builder().scheme(SignatureScheme.twilio()).key(TWILIO_TOKEN).build()
        .signFor(url, id, FORM.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void twilioVerifiesTheFormAgainstTheUrlItWasPostedToQueryIncluded() {
    String path = "/webhooks/twilio?source=sms&account=AC1";
    Map<String, String> headers = twilioSigned("http://127.0.0.1:" + port + path, "idem_1");

    HttpResponse<String> first =
        post(path, headers, "application/x-www-form-urlencoded", FORM);
    HttpResponse<String> again =
        post(path, headers, "application/x-www-form-urlencoded", FORM);

    assertThat(first.statusCode()).isEqualTo(204);
    assertThat(again.statusCode()).as("Twilio's retry, deduplicated on its idempotency token")
        .isBetween(200, 299);
    assertThat(listeners.calls).containsExactly("twilio idem_1 " + FORM);
  }

  @Test
  void twilioBehindAProxyVerifiesAgainstTheForwardedUrl() {
    String publicUrl = "https://hooks.example.com/webhooks/twilio";
    Map<String, String> headers = new HashMap<>(twilioSigned(publicUrl, "idem_proxy"));
    headers.put("X-Forwarded-Proto", "https");
    headers.put("X-Forwarded-Host", "hooks.example.com");
    headers.put("X-Forwarded-Port", "443");

    assertThat(post("/webhooks/twilio", headers, "application/x-www-form-urlencoded", FORM)
        .statusCode()).isEqualTo(204);
  }

  @Test
  void twilioSignedForAnotherUrlIsRefusedWith401AndAReason() {
    HttpResponse<String> refused = post("/webhooks/twilio",
        twilioSigned("https://elsewhere.example.com/webhooks/twilio", "idem_2"),
        "application/x-www-form-urlencoded", FORM);

    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.body()).contains("NO_MATCHING_SIGNATURE").contains("URL");
    assertThat(listeners.calls).isEmpty();
  }

  @Test
  void squareVerifiesAgainstItsPublicUrlAndReadsTheEventTypeAndId() {
    String body = "{\"merchant_id\":\"ML1\",\"type\":\"payment.updated\","
        + "\"event_id\":\"6a8f5f28-54a1-4eb0-a98a-3111513fd4fc\",\"data\":{}}";
    WebhookSigner signer = WebhookSigner.builder().scheme(SignatureScheme.square())
        .key(SQUARE_KEY).build();
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

    HttpResponse<String> accepted = post("/webhooks/square",
        signer.signFor(SQUARE_URL, "unused", bytes), "application/json", body);
    HttpResponse<String> forTheLocalUrl = post("/webhooks/square",
        signer.signFor("http://127.0.0.1:" + port + "/webhooks/square", "unused", bytes),
        "application/json", body);

    assertThat(accepted.statusCode()).isEqualTo(204);
    assertThat(forTheLocalUrl.statusCode()).as("the public-url is what Square signed")
        .isEqualTo(401);
    assertThat(listeners.calls).containsExactly("square payment.updated");
  }
}
