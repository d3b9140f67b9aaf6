package dev.hookmesh.retry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookmesh.DocSnippets;
import dev.hookmesh.Endpoint;
import dev.hookmesh.WebhookClient;
import dev.hookmesh.delivery.CircuitBreaker;
import dev.hookmesh.delivery.DeliveryEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The snippets of {@code docs/retries.md}: each test's body is one snippet, word for word. */
class RetryDocsExamplesTest {

  @Test
  void standardWebhooksLadder() {
    RetryPolicy policy = RetryPolicy.standardWebhooks();
  }

  @Test
  void exponentialWithOwnBounds() {
    RetryPolicy policy = RetryPolicy.exponential().newBuilder()
        .initial(Duration.ofSeconds(1))
        .maxDelay(Duration.ofMinutes(10))
        .maxAttempts(6)
        .maxElapsed(Duration.ofHours(1))
        .build();
  }

  @Test
  void fixedScheduleWithJitter() {
    RetryPolicy policy = FixedSchedule.builder(Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofMinutes(30))
        .jitter(0.1)
        .maxAttempts(10)
        .build();
  }

  @Test
  void lambdaPolicy() {
    RetryPolicy policy = (attempt, outcome) ->
        outcome.classification() == Classification.RETRYABLE && attempt < 3
            ? RetryDecision.retryAfter(Duration.ofSeconds(30))
            : RetryDecision.stop();

    assertThat(policy.decide(1, AttemptOutcome.response(502, Map.of(), Duration.ofMillis(40))))
        .isEqualTo(RetryDecision.retryAfter(Duration.ofSeconds(30)));
  }

  @Test
  void stopOnClientErrors() {
    RetryPolicy policy = RetryPolicy.standardWebhooks().newBuilder()
        .clientErrors(ClientErrorHandling.STOP)
        .build();

    assertThat(policy.decide(1, AttemptOutcome.response(404, Map.of(), Duration.ofMillis(40))))
        .isEqualTo(RetryDecision.stop());
  }

  @Test
  void retryAfterLengthensTheWait() {
    AttemptOutcome outcome = AttemptOutcome.response(503, Map.of("Retry-After", List.of("120")), Duration.ofMillis(80));

    RetryDecision decision = RetryPolicy.standardWebhooks().decide(1, outcome);

    assertThat(decision.delay()).isEqualTo(Duration.ofSeconds(120));
  }

  @Test
  void boundedRetryAfter() {
    RetryPolicy policy = RetryPolicy.exponential().newBuilder()
        .maxRetryAfter(Duration.ofMinutes(15))
        .build();
  }

  @Test
  void circuitBreaker() {
    WebhookClient client = WebhookClient.builder()
        .circuitBreaker(CircuitBreaker.builder()
            .consecutiveFailures(5)
            .failureRate(0.5, 20)
            .openDuration(Duration.ofMinutes(1))
            .build())
        .build();
    client.close();
  }

  @Test
  void concurrencyLimit() {
    WebhookClient client = WebhookClient.builder()
        .maxConcurrency(64)
        .maxConcurrencyPerEndpoint(4)
        .build();
    Endpoint bigCustomer = Endpoint.builder("https://hooks.big.example/in")
        .id("ep_big")
        .key("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
        .maxConcurrency(16)
        .build();
    client.close();
  }

  @Test
  void rateLimit() {
    Endpoint smallCustomer = Endpoint.builder("https://hooks.small.example/in")
        .id("ep_small")
        .key("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
        .rateLimit(10) // attempts per second
        .build();
    assertThat(smallCustomer.rateLimit()).hasValue(10);
  }

  @Test
  void autoDisable() {
    WebhookClient client = WebhookClient.builder()
        .disableAfter(Duration.ofDays(3))
        .listener(event -> {
          if (event.type() == DeliveryEvent.Type.ENDPOINT_DISABLED) {
            System.out.println("Disabled " + event.endpointId() + ": tell the customer");
          }
        })
        .build();
    client.enableEndpoint("ep_42"); // once the customer has fixed it
    client.close();
  }

  @Test
  void docsSnippetsAreTheBodiesOfTheseTests() {
    DocSnippets.assertSnippetsAreTestBodies("../docs/retries.md", RetryDocsExamplesTest.class, 11);
  }
}
