package dev.hookmesh.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookmesh.DocSnippets;
import dev.hookmesh.WebhookClient;
import dev.hookmesh.WebhookMessage;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The snippets of {@code docs/testing.md}, each a {@code // docs:} region here, run. */
@ExtendWith(WebhookReceiverExtension.class)
class TestingDocsExamplesTest {

  record Invoice(String type, String id, long amountCents) {}

  private final Invoice invoice = new Invoice("invoice.paid", "in_123", 4200);

  @Test
  void snippetsAreTheRegionsOfThisClass() {
    DocSnippets.assertSnippetsAreRegions("../docs/testing.md", TestingDocsExamplesTest.class);
  }

  // docs:provider-test
  @Test
  void aPaidInvoiceReachesTheCustomerOnceSignedAfterTwoRetries(WebhookTestReceiver receiver) {
    TestEndpoint customer = receiver.endpoint("ep_customer").statuses(500, 500);

    try (WebhookClient client = receiver.clientBuilder().build()) {
      client.send(customer.endpoint(), WebhookMessage.of("invoice.paid", invoice));

      ReceivedWebhook delivered = customer.awaitWebhook("invoice.paid");
      assertThat(delivered.verified()).isTrue();
      assertThat(delivered.attempt()).isEqualTo(3);
      assertThat(delivered.payload(Invoice.class).amountCents()).isEqualTo(4200);
      assertThat(customer.requests()).hasSize(3);
    }
  }
  // end

  @Test
  void faultScripts(WebhookTestReceiver receiver) {
    // docs:replies
    TestEndpoint customer = receiver.endpoint("ep_flaky").replies(
        Reply.status(500),                                  // a server error
        Reply.retryAfter(429, Duration.ofSeconds(1)),       // slow down, and when to come back
        Reply.reset(),                                      // the connection dropped
        Reply.ok().after(Duration.ofMillis(200)),           // slow, then accepted
        Reply.gone());                                      // 410: stop sending for good
    // end
    assertThat(customer.toString()).contains("ep_flaky");
  }
}
