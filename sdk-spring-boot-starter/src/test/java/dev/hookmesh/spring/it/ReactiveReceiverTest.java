package dev.hookmesh.spring.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookmesh.WebhookSigner;
import dev.hookmesh.spring.HookmeshReceiverProperties;
import dev.hookmesh.spring.test.SignedWebhookRequests;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.RouterFunction;

/** The same application as a WebFlux application, over real HTTP. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = "spring.main.web-application-type=reactive")
class ReactiveReceiverTest {

  private static final WebhookSigner SIGNER =
      WebhookSigner.builder().key(ReceiverHttpTest.BILLING_SECRET).build();

  @LocalServerPort int port;
  @Autowired ReceiverTestApplication.Calls calls;
  @Autowired ApplicationContext context;
  @Autowired HookmeshReceiverProperties properties;
  LoopbackClient client;
  String id;

  @BeforeEach
  void setUp() {
    client = new LoopbackClient(port);
    id = "msg_" + UUID.randomUUID().toString().replace("-", "");
  }

  private String invoice() {
    return "{\"type\":\"invoice.created\",\"id\":\"" + id + "\",\"amount\":7}";
  }

  @Test
  void servesTheEndpointsAsAReactiveRoute() {
    assertThat(context.getBean("hookmeshWebhookRoutes")).isInstanceOf(RouterFunction.class);
  }

  @Test
  void verifiedWebhookReachesTheListener() {
    String body = invoice();

    HttpResponse<String> response = client.post("/webhooks/billing", SIGNER.sign(id, body), body);

    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(calls.mentioning(id)).containsExactly("invoice " + id + " 7 key0");
  }

  @Test
  void duplicateIsAcknowledgedOnce() {
    String body = invoice();
    Map<String, String> headers = SIGNER.sign(id, body);

    client.post("/webhooks/billing", headers, body);
    assertThat(client.post("/webhooks/billing", headers, body).statusCode()).isEqualTo(200);
    assertThat(calls.mentioning(id)).hasSize(1);
  }

  @Test
  void wrongSignatureGives401() {
    String body = invoice();
    Map<String, String> headers = SIGNER.sign(id, body.replace("7", "8"));

    HttpResponse<String> response = client.post("/webhooks/billing", headers, body);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body()).contains("\"reason\":\"NO_MATCHING_SIGNATURE\"");
    assertThat(calls.mentioning(id)).isEmpty();
  }

  @Test
  void declaredOversizedBodyGives413() {
    HttpResponse<String> response = client.post("/webhooks/billing", SIGNER.sign(id, "{}"),
        "application/json", BodyPublishers.ofByteArray(new byte[2 * 1024 * 1024]));

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(calls.mentioning(id)).isEmpty();
  }

  @Test
  void chunkedOversizedBodyGives413() {
    HttpResponse<String> response = client.post("/webhooks/billing", SIGNER.sign(id, "{}"),
        "application/json", BodyPublishers.ofInputStream(
            () -> new java.io.ByteArrayInputStream(new byte[2 * 1024 * 1024])));

    assertThat(response.statusCode()).isEqualTo(413);
  }

  @Test
  void testSupportSignsForWebTestClient() {
    WebTestClient webClient = WebTestClient.bindToServer()
        .baseUrl("http://127.0.0.1:" + port).build();
    SignedWebhookRequests billing = SignedWebhookRequests.forEndpoint(properties, "billing");

    billing.post(webClient, invoice()).exchange().expectStatus().isNoContent();
    assertThat(calls.mentioning(id)).hasSize(1);
  }

  @Test
  void listenerFailureGives500() {
    String body = "{\"type\":\"boom\",\"id\":\"" + id + "\"}";

    assertThat(client.post("/webhooks/billing", SIGNER.sign(id, body), body).statusCode())
        .isEqualTo(500);
  }

  @Test
  void slackUrlVerificationIsAnsweredWithTheChallenge() {
    SignedWebhookRequests slack = SignedWebhookRequests.forEndpoint(properties, "slack");
    WebTestClient webClient = WebTestClient.bindToServer()
        .baseUrl("http://127.0.0.1:" + port).build();

    slack.post(webClient, "{\"type\":\"url_verification\",\"challenge\":\"" + id + "\"}")
        .exchange()
        .expectStatus().isOk()
        .expectHeader().contentTypeCompatibleWith("text/plain")
        .expectBody(String.class).isEqualTo(id);
    assertThat(calls.mentioning(id)).isEmpty();
  }
}
