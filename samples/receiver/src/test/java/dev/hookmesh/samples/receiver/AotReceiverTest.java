package dev.hookmesh.samples.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookmesh.WebhookSigner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.aot.AotDetector;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The sample as Spring AOT prepared it: the build runs {@code spring-boot:process-aot}, and this
 * test, in a run of its own with {@code -Dspring.aot.enabled=true}, starts the application from
 * the generated initializer instead of the annotations, then receives a signed webhook. What
 * works here works in a native image too, but for reflection the hints must cover
 * ({@code WebhookListenerAotTest} in the starter checks those).
 */
class AotReceiverTest {

  @Test
  void theApplicationStartsFromItsAotInitializerAndReceivesASignedWebhook() throws Exception {
    assertThat(AotDetector.useGeneratedArtifacts())
        .as("run with -Dspring.aot.enabled=true, after process-aot").isTrue();
    assertThat(Class.forName(ReceiverApplication.class.getName()
        + "__ApplicationContextInitializer")).isNotNull();

    // The AOT initializer is found by the main class, which a test has to name.
    SpringApplication application = new SpringApplication(ReceiverApplication.class);
    application.setMainApplicationClass(ReceiverApplication.class);
    try (ConfigurableApplicationContext context =
        application.run("--server.port=0", "--server.address=127.0.0.1")) {
      int port = ((WebServerApplicationContext) context).getWebServer().getPort();
      String body = """
          {"type": "invoice.paid", "data": {"id": "in_aot", "amount": 990, "currency": "eur"}}""";
      Map<String, String> headers = WebhookSigner.builder()
          .key("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").build().sign("msg_aot_1", body);
      HttpRequest.Builder request = HttpRequest
          .newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/billing"))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body));
      headers.forEach(request::header);

      int status = HttpClient.newHttpClient()
          .send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();

      assertThat(status).isEqualTo(204);
      assertThat(context.getBean(ReceivedEvents.class).all()).contains("invoice.paid in_aot 990");
    }
  }
}
