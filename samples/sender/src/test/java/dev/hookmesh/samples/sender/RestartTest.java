package dev.hookmesh.samples.sender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * A delivery still retrying when the application stops is finished by the next start: the
 * queue is in the database, and the new client finds the endpoint's URL and secret in the
 * platform's registry, having never seen the endpoint the order was published to.
 */
class RestartTest {

  private static ConfigurableApplicationContext start(Path database) {
    return new SpringApplicationBuilder(SenderApplication.class).run(
        "--server.port=0",
        "--spring.datasource.url=jdbc:h2:file:" + database.resolve("sender"),
        "--hookmesh.sender.ssrf.allow=127.0.0.1/32",
        // The production schedule, without the sample's faster one: the second attempt is
        // due about 5 seconds after the first, so the first application stops before it.
        "--hookmesh.sender.retry.policy=standard-webhooks",
        "--hookmesh.sender.retry.initial=",
        "--hookmesh.sender.retry.max-delay=",
        "--hookmesh.sender.retry.max-attempts=",
        "--hookmesh.sender.poll-interval=100ms");
  }

  private static SenderApi api(ConfigurableApplicationContext context) {
    int port = ((WebServerApplicationContext) context).getWebServer().getPort();
    return new SenderApi(port, context.getBean(JsonMapper.class));
  }

  private static List<Integer> attemptStatuses(SenderApi api, String messageId) {
    return api.get("/messages/" + messageId).body().path("attempts").valueStream()
        .map(attempt -> attempt.path("status").asInt()).toList();
  }

  @Test
  void deliveryRetryingWhenTheApplicationStopsIsFinishedAfterTheRestart(@TempDir Path database)
      throws Exception {
    try (CustomerReceiver receiver = CustomerReceiver.start().answer(503)) {
      String messageId;
      try (ConfigurableApplicationContext first = start(database)) {
        SenderApi api = api(first);
        api.post("/customers", "{\"id\": \"cust_1\", \"name\": \"Acme\"}");
        api.post("/customers/cust_1/endpoints", "{\"url\": \"" + receiver.url() + "\"}");
        messageId = api.post("/orders", "{\"customerId\": \"cust_1\", \"amount\": 4200}")
            .body().path("messageId").asString();
        await().atMost(Duration.ofSeconds(10))
            .until(() -> attemptStatuses(api, messageId).equals(List.of(503)));
      }

      try (ConfigurableApplicationContext second = start(database)) {
        SenderApi api = api(second);
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.received().size() == 2);
        await().atMost(Duration.ofSeconds(5))
            .until(() -> attemptStatuses(api, messageId).equals(List.of(503, 204)));
      }
      assertThat(receiver.received()).extracting(request -> request.headers().get("Webhook-id"))
          .containsOnly(List.of(messageId));
    }
  }
}
