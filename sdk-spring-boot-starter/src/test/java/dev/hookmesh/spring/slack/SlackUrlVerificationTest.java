package dev.hookmesh.spring.slack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookmesh.WebhookSigner;
import dev.hookmesh.signature.SignatureScheme;
import dev.hookmesh.spring.WebhookListener;
import dev.hookmesh.spring.it.LoopbackClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * Slack's {@code url_verification}: a signed challenge is echoed without calling a listener,
 * even one that takes every event; anything else on the endpoint is received as before.
 */
@SpringBootTest(classes = SlackUrlVerificationTest.App.class,
    webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "spring.main.banner-mode=off",
        "hookmesh.sender.enabled=false",
        "hookmesh.receiver.endpoints.events.scheme=slack",
        "hookmesh.receiver.endpoints.events.secrets[0]=" + SlackUrlVerificationTest.SECRET,
        "hookmesh.receiver.endpoints.plain.secrets[0]=" + SlackUrlVerificationTest.PLAIN_SECRET})
class SlackUrlVerificationTest {

  static final String SECRET = "slack-url-verification-secret";
  static final String PLAIN_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

  @LocalServerPort int port;
  @Autowired Everything everything;
  LoopbackClient client;
  String challenge;

  @BeforeEach
  void setUp() {
    client = new LoopbackClient(port);
    challenge = "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" + UUID.randomUUID();
  }

  private String verification() {
    return "{\"token\":\"Jhj5dZrVaK7ZwHHjRyZWjbDl\",\"challenge\":\"" + challenge
        + "\",\"type\":\"url_verification\"}";
  }

  private static Map<String, String> slackSigned(String secret, String body) {
    return WebhookSigner.builder().scheme(SignatureScheme.slack()).key(secret).build()
        .sign("unused", body);
  }

  @Test
  void signedChallengeIsEchoedAsTextWithoutCallingListeners() {
    HttpResponse<String> response =
        client.post("/webhooks/events", slackSigned(SECRET, verification()), verification());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("text/plain"));
    assertThat(response.body()).isEqualTo(challenge);
    assertThat(everything.mentioning(challenge)).isEmpty();
  }

  @Test
  void forgedChallengeIsRefusedLikeAnyForgery() {
    HttpResponse<String> response = client.post(
        "/webhooks/events", slackSigned("not-the-secret", verification()), verification());

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body()).contains("\"reason\":\"NO_MATCHING_SIGNATURE\"")
        .doesNotContain(challenge);
    assertThat(everything.mentioning(challenge)).isEmpty();
  }

  @Test
  void unsignedChallengeIsRefused() {
    HttpResponse<String> response = client.post("/webhooks/events", Map.of(), verification());

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("\"reason\":\"MISSING_HEADER\"")
        .doesNotContain(challenge);
  }

  @Test
  void eventCallbacksStillReachTheListeners() {
    String body = "{\"type\":\"event_callback\",\"event_id\":\"Ev" + challenge + "\","
        + "\"event\":{\"type\":\"app_mention\"},\"challenge\":\"" + challenge + "\"}";

    HttpResponse<String> response =
        client.post("/webhooks/events", slackSigned(SECRET, body), body);

    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(everything.mentioning(challenge)).containsExactly("events " + body);
  }

  @Test
  void aBodyThatIsNotJsonIsNoChallengeAndIsRefusedAsBefore() {
    // Slash commands are signed the same way but form-encoded: the id in the body is missing.
    String body = "type=url_verification&challenge=" + challenge;

    HttpResponse<String> response =
        client.post("/webhooks/events", slackSigned(SECRET, body), body);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("\"reason\":\"INVALID_JSON\"")
        .doesNotContain(challenge);
    assertThat(everything.mentioning(challenge)).isEmpty();
  }

  @Test
  void otherSchemesTreatTheSameBodyAsAnEvent() {
    String id = "msg_" + UUID.randomUUID().toString().replace("-", "");
    Map<String, String> headers = WebhookSigner.builder().key(PLAIN_SECRET)
        .build().sign(id, verification());

    HttpResponse<String> response = client.post("/webhooks/plain", headers, verification());

    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(response.body()).isEmpty();
    assertThat(everything.mentioning(challenge)).containsExactly("plain " + verification());
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(Everything.class)
  static class App {}

  /** Listeners for every event on both endpoints, recording the raw bodies. */
  static class Everything {
    private final List<String> seen = new CopyOnWriteArrayList<>();

    @WebhookListener(endpoint = "events")
    void onSlack(byte[] body) {
      seen.add("events " + new String(body, StandardCharsets.UTF_8));
    }

    @WebhookListener(endpoint = "plain")
    void onPlain(String body) {
      seen.add("plain " + body);
    }

    List<String> mentioning(String marker) {
      return seen.stream().filter(call -> call.contains(marker)).toList();
    }
  }
}
