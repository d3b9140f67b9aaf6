package dev.hookmesh.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookmesh.WebhookClient;
import dev.hookmesh.WebhookMessage;
import dev.hookmesh.WebhookVerificationException;
import dev.hookmesh.delivery.Delivery;
import dev.hookmesh.delivery.DeliveryOutcome;
import dev.hookmesh.delivery.DeliveryResult;
import dev.hookmesh.signature.HmacSecret;
import dev.hookmesh.signature.SignatureScheme;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The test kit as a provider uses it: Hookmesh's own client sending to scripted customers. */
@ExtendWith(WebhookReceiverExtension.class)
class WebhookTestReceiverTest {

  record Invoice(String type, String id, long amountCents) {}

  private static WebhookMessage paid(String id) {
    return WebhookMessage.builder("invoice.paid").id(id)
        .payload(new Invoice("invoice.paid", "in_" + id, 4200)).build();
  }

  @Test
  void aWebhookArrivesOnceSignedAfterTwoRetries(WebhookTestReceiver receiver) {
    TestEndpoint customer = receiver.endpoint("ep_customer").statuses(500, 500);

    try (WebhookClient client = receiver.clientBuilder().build()) {
      client.send(customer.endpoint(), paid("msg_1"));

      ReceivedWebhook delivered = customer.awaitWebhook("invoice.paid");
      assertThat(delivered.verified()).isTrue();
      assertThat(delivered.attempt()).isEqualTo(3);
      assertThat(delivered.payload(Invoice.class).amountCents()).isEqualTo(4200);
      assertThat(customer.attempts("msg_1")).extracting(ReceivedWebhook::answered)
          .containsExactly(500, 500, 204);
    }
  }

  @Test
  void aGoneEndpointEndsTheDeliveryAndAResetIsRetried(WebhookTestReceiver receiver)
      throws Exception {
    TestEndpoint gone = receiver.endpoint("ep_gone").replies(Reply.gone());
    TestEndpoint flaky = receiver.endpoint("ep_flaky").replies(Reply.reset());

    try (WebhookClient client = receiver.clientBuilder().build()) {
      Delivery toGone = client.send(gone.endpoint(), paid("msg_gone"));
      client.send(flaky.endpoint(), paid("msg_flaky"));

      DeliveryResult result = toGone.result().get(10, TimeUnit.SECONDS);
      assertThat(result.outcome()).isEqualTo(DeliveryOutcome.ENDPOINT_GONE);
      assertThat(flaky.awaitWebhook("invoice.paid").attempt()).isEqualTo(2);
      assertThat(flaky.requests().get(0).answered()).isZero();
    }
  }

  @Test
  void aRetryAfterIsAnsweredAndHonoured(WebhookTestReceiver receiver) {
    TestEndpoint limited = receiver.endpoint("ep_limited")
        .replies(Reply.retryAfter(429, Duration.ofSeconds(1)));

    try (WebhookClient client = receiver.clientBuilder().build()) {
      client.send(limited.endpoint(), paid("msg_limited"));

      ReceivedWebhook second = limited.awaitWebhook("invoice.paid");
      ReceivedWebhook first = limited.requests().get(0);
      assertThat(first.answered()).isEqualTo(429);
      assertThat(second.attempt()).isEqualTo(2);
    }
  }

  @Test
  void aWebhookSignedWithAnotherKeyIsRecordedAsNotVerified(WebhookTestReceiver receiver) {
    TestEndpoint customer = receiver.endpoint("ep_rotated", SignatureScheme.standardWebhooks(),
        HmacSecret.generate().encode());
    try (WebhookClient client = receiver.clientBuilder().build()) {
      client.send(dev.hookmesh.Endpoint.builder(customer.endpoint().url().toString())
          .id("ep_rotated").key(HmacSecret.generate()).build(), paid("msg_wrong_key"));

      ReceivedWebhook received = customer.awaitWebhook("invoice.paid");
      assertThat(received.verified()).isFalse();
      assertThat(received.failure())
          .isEqualTo(WebhookVerificationException.Reason.NO_MATCHING_SIGNATURE);
    }
  }

  @Test
  void waitingForWhatNeverComesFailsSayingWhatCame(WebhookTestReceiver receiver) {
    TestEndpoint quiet = receiver.endpoint("ep_quiet");

    assertThatThrownBy(() -> quiet.awaitWebhook("invoice.paid", Duration.ofMillis(100)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("No a webhook of type invoice.paid reached ep_quiet")
        .hasMessageContaining("it received []");
    assertThatThrownBy(() -> receiver.endpoint("ep_quiet"))
        .hasMessageContaining("has an endpoint ep_quiet already");
  }

  @Test
  void theSsrfGuardStaysOnForEveryOtherAddress(WebhookTestReceiver receiver) {
    assertThat(receiver.ssrfPolicy().toString()).contains("127.0.0.1/32");
    try (WebhookClient client = receiver.clientBuilder().build()) {
      DeliveryResult refused = client.send(dev.hookmesh.Endpoint.builder(
              "http://127.0.0.2:9/hooks").id("ep_elsewhere").key(HmacSecret.generate()).build(),
          paid("msg_elsewhere")).result().join();
      assertThat(refused.outcome()).isNotEqualTo(DeliveryOutcome.DELIVERED);
    }
  }
}
