package dev.hookmesh.samples.receiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hookmesh.WebhookSigner;
import dev.hookmesh.signature.SignatureScheme;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ReceiverApplicationTest {

  @LocalServerPort int port;
  @Autowired ReceivedEvents received;

  private int post(String path, Map<String, String> headers, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest
        .newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(request::header);
    return HttpClient.newHttpClient()
        .send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Test
  void billingListenerReceivesASignedInvoiceEvent() throws Exception {
    String body = """
        {"type": "invoice.paid", "data": {"id": "in_1", "amount": 4200, "currency": "eur"}}""";
    Map<String, String> headers = WebhookSigner.builder()
        .key("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").build().sign("msg_sample_1", body);

    assertThat(post("/webhooks/billing", headers, body)).isEqualTo(204);
    assertThat(received.all()).contains("invoice.paid in_1 4200");
  }

  @Test
  void githubListenerReceivesASignedPush() throws Exception {
    String body = "{\"ref\":\"refs/heads/main\",\"after\":\"abc123\"}";
    Map<String, String> headers = new java.util.HashMap<>(WebhookSigner.builder()
        .scheme(SignatureScheme.github()).key("It's a Secret to Everybody").build()
        .sign("delivery-1", body));
    headers.put("X-GitHub-Event", "push");

    // The GitHub endpoint processes through the inbox: stored and answered 202 at once, then
    // handled in the background.
    assertThat(post("/webhooks/github", headers, body)).isEqualTo(202);
    await().atMost(Duration.ofSeconds(10))
        .until(() -> received.all().contains("push refs/heads/main delivery-1"));
    assertThat(post("/webhooks/github", headers, body)).as("a redelivery").isEqualTo(202);
    assertThat(received.all()).as("a duplicate is never processed")
        .filteredOn(event -> event.contains("delivery-1")).hasSize(1);
  }

  @Test
  void forgedRequestIsRefused() throws Exception {
    String body = "{\"ref\":\"refs/heads/main\",\"after\":\"abc123\"}";
    Map<String, String> headers = Map.of("X-Hub-Signature-256", "sha256=" + "0".repeat(64),
        "X-GitHub-Event", "push", "X-GitHub-Delivery", "forged-1");

    assertThat(post("/webhooks/github", headers, body)).isEqualTo(401);
    assertThat(received.all()).noneMatch(event -> event.contains("forged-1"));
  }
}
