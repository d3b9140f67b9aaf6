package dev.hookmesh.spring.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookmesh.Endpoint;
import dev.hookmesh.WebhookClient;
import dev.hookmesh.WebhookMessage;
import dev.hookmesh.delivery.DeliveryEvent;
import dev.hookmesh.delivery.DeliveryListener;
import dev.hookmesh.delivery.DeliveryOutcome;
import dev.hookmesh.delivery.DeliveryResult;
import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

/**
 * The auto-configured WebhookClient sends to the same application's own @WebhookListener over
 * real HTTP: Hookmesh's sender signs what Hookmesh's receiver verifies.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
    "hookmesh.sender.ssrf.allow=127.0.0.1/32",
    "hookmesh.sender.retry.policy=exponential",
    "hookmesh.sender.retry.initial=20ms",
    "hookmesh.sender.retry.max-delay=200ms"})
class SenderHttpTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final Queue<String> FINISHED = new ConcurrentLinkedQueue<>();

  /** A DeliveryListener bean of the application's: the auto-configured client tells it. */
  @TestConfiguration(proxyBeanMethods = false)
  static class Listeners {

    @Bean
    DeliveryListener finishedDeliveries() {
      return event -> {
        if (event.type() == DeliveryEvent.Type.FINISHED) {
          FINISHED.add(event.messageId() + " " + event.outcome());
        }
      };
    }
  }

  @LocalServerPort int port;
  @Autowired WebhookClient client;
  @Autowired ReceiverTestApplication.Calls calls;
  Endpoint billing;
  String orderId;

  @BeforeEach
  void setUp() {
    billing = Endpoint.builder("http://127.0.0.1:" + port + "/webhooks/billing")
        .id("ep_billing").key(ReceiverHttpTest.BILLING_SECRET).build();
    orderId = "ord_" + UUID.randomUUID();
  }

  private WebhookMessage order(boolean failFirst) {
    return WebhookMessage.of("order.created",
        Map.of("type", "order.created", "id", orderId, "failFirst", failFirst));
  }

  @Test
  void deliversASignedWebhookThatTheListenerReceivesVerified() throws Exception {
    DeliveryResult result = client.sendAndAwait(billing, order(false), TIMEOUT);

    assertThat(result.outcome()).isEqualTo(DeliveryOutcome.DELIVERED);
    assertThat(result.attempts()).isEqualTo(1);
    assertThat(calls.mentioning(orderId)).containsExactly("order " + orderId + " " + result.messageId());
    assertThat(FINISHED).contains(result.messageId() + " DELIVERED");
  }

  @Test
  void retriesAfterTheListenerThrowsAndHandlesTheMessageOnceMore() throws Exception {
    DeliveryResult result = client.sendAndAwait(billing, order(true), TIMEOUT);

    assertThat(result.outcome()).isEqualTo(DeliveryOutcome.DELIVERED);
    assertThat(result.attempts()).isEqualTo(2);
    assertThat(client.store().attempts(result.messageId()))
        .extracting(attempt -> attempt.status()).containsExactly(500, 204);
    assertThat(calls.mentioning(orderId)).hasSize(2);
  }

  @Test
  void aRedeliveryOfAHandledMessageIsAcknowledgedWithoutCallingTheListenerAgain()
      throws Exception {
    DeliveryResult first = client.sendAndAwait(billing, order(true), TIMEOUT);

    DeliveryResult again = client.redeliver(first.messageId()).get(0).result()
        .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

    assertThat(again.outcome()).isEqualTo(DeliveryOutcome.DELIVERED);
    assertThat(calls.mentioning(orderId)).hasSize(2);
  }
}
