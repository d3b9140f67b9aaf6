package dev.hookmesh;

import static dev.hookmesh.LoopbackReceiver.status;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hookmesh.delivery.Delivery;
import dev.hookmesh.delivery.DeliveryOutcome;
import dev.hookmesh.delivery.DeliveryResult;
import dev.hookmesh.retry.RetryPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** recover(): after a customer's outage, what failed to their endpoint is sent again. */
class WebhookClientRecoverTest {

  private final LoopbackReceiver receiver = new LoopbackReceiver();

  @AfterEach
  void stopReceiver() {
    receiver.close();
  }

  @Test
  void sendsAgainWhatFailedToTheEndpointSinceTheOutageBegan() throws Exception {
    receiver.answer(request -> status(503));
    try (WebhookClient client =
        LoopbackReceiver.clientBuilder().retryPolicy(RetryPolicy.none()).build()) {
      Endpoint down = receiver.endpoint("customer-42");
      Instant outageBegan = Instant.now().minusSeconds(1);
      List<Delivery> failed = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        failed.add(client.send(down, WebhookMessage.of("invoice.paid", i)));
      }
      for (Delivery delivery : failed) {
        assertThat(outcome(delivery)).isEqualTo(DeliveryOutcome.EXHAUSTED);
      }

      receiver.answer(request -> status(204));
      List<Delivery> recovered = client.recover("customer-42", outageBegan);

      assertThat(recovered).extracting(Delivery::messageId)
          .containsExactlyInAnyOrderElementsOf(failed.stream().map(Delivery::messageId).toList());
      for (Delivery delivery : recovered) {
        assertThat(outcome(delivery)).isEqualTo(DeliveryOutcome.DELIVERED);
      }
      assertThat(client.recover("customer-42", outageBegan)).isEmpty();
      assertThat(client.recover("customer-42", Instant.now().plusSeconds(60))).isEmpty();
    }
  }

  private static DeliveryOutcome outcome(Delivery delivery) throws Exception {
    DeliveryResult result = delivery.result().get(10, TimeUnit.SECONDS);
    return result.outcome();
  }
}
