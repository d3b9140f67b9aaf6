package dev.hookmesh.spring.gettingstarted;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookmesh.DocSnippets;
import dev.hookmesh.Endpoint;
import dev.hookmesh.WebhookClient;
import dev.hookmesh.WebhookMessage;
import dev.hookmesh.delivery.DeliveryResult;
import dev.hookmesh.http.SsrfPolicy;
import dev.hookmesh.spring.WebhookListener;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.stereotype.Component;

/**
 * docs/getting-started.md, run: the listener of "receive your first webhook" receives what the
 * code of "send your first webhook" sends, over real HTTP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.main.banner-mode=off",
    "hookmesh.sender.enabled=false",
    "hookmesh.receiver.endpoints.orders.secrets[0]=whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"})
class GettingStartedTest {

  @LocalServerPort
  int port;

  @Test
  void theFirstWebhookSentIsTheFirstWebhookReceived() throws Exception {
    String url = "http://127.0.0.1:" + port + "/webhooks/orders";
    WebhookClient.Builder builder = WebhookClient.builder()
        .ssrfPolicy(SsrfPolicy.builder().allow("127.0.0.1/32").build()); // a local receiver

    // docs:send
    try (WebhookClient client = builder.build()) {
      Endpoint endpoint = Endpoint.builder(url)
          .id("customer-42")
          .key("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
          .build();
      WebhookMessage message = WebhookMessage.of("order.created",
          Map.of("type", "order.created", "orderId", "ord_1", "total", 4200));

      DeliveryResult result = client.sendAndAwait(endpoint, message, Duration.ofSeconds(30));
      System.out.println(result.outcome() + " after " + result.attempts() + " attempt(s)");
    }
    // end

    assertThat(OrderWebhooks.RECEIVED).contains("ord_1 4200");
  }

  @Test
  void everyJavaBlockOfTheGettingStartedPageIsCompiledHere() {
    DocSnippets.assertSnippetsAreRegions("../docs/getting-started.md", GettingStartedTest.class);
  }

  // docs:receive
  @Component
  static class OrderWebhooks {
    static final List<String> RECEIVED = new CopyOnWriteArrayList<>();

    record OrderCreated(String orderId, long total) {}

    @WebhookListener(endpoint = "orders", events = "order.created")
    void onOrderCreated(OrderCreated order) {
      RECEIVED.add(order.orderId() + " " + order.total());
    }
  }
  // end

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(OrderWebhooks.class)
  static class ShopApplication {}
}
