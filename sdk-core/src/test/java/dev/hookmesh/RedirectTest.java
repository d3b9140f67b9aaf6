package dev.hookmesh;

import static dev.hookmesh.LoopbackReceiver.SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hookmesh.delivery.DeliveryOutcome;
import dev.hookmesh.delivery.DeliveryResult;
import dev.hookmesh.retry.RetryPolicy;
import java.time.Duration;
import java.util.Map;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Redirects are failures unless the endpoint opts in, and then every hop meets the SSRF guard. */
class RedirectTest {

  private final LoopbackReceiver first = new LoopbackReceiver();
  private final LoopbackReceiver target = new LoopbackReceiver();
  private final WebhookClient client = LoopbackReceiver.clientBuilder().retryPolicy(RetryPolicy.none()).build();

  @AfterEach
  void closeAll() {
    client.close();
    first.close();
    target.close();
  }

  private void redirectTo(String location) {
    first.answer(request -> new MockResponse.Builder().code(307).setHeader("Location", location).build());
  }

  private DeliveryResult send(boolean followRedirects) throws Exception {
    Endpoint endpoint = Endpoint.builder(first.url("/moved")).id("ep_moved").key(SECRET)
        .followRedirects(followRedirects).build();
    return client.sendAndAwait(endpoint, WebhookMessage.of("a.b", Map.of("n", 1)), Duration.ofSeconds(30));
  }

  @Test
  void aRedirectIsAFailedAttemptByDefault() throws Exception {
    redirectTo(target.url("/new"));

    DeliveryResult result = send(false);

    assertThat(result.outcome()).isEqualTo(DeliveryOutcome.EXHAUSTED);
    assertThat(result.lastAttempt().status()).isEqualTo(307);
    assertThat(target.count()).isZero();
  }

  @Test
  void followsARedirectWhenTheEndpointOptsIn() throws Exception {
    redirectTo(target.url("/new"));

    DeliveryResult result = send(true);

    assertThat(result.outcome()).isEqualTo(DeliveryOutcome.DELIVERED);
    assertThat(target.requests()).singleElement().satisfies(request ->
        assertThat(request.getHeaders().get("webhook-signature")).startsWith("v1,"));
  }

  @Test
  void checksEveryHopWithTheSsrfGuard() throws Exception {
    redirectTo("http://169.254.169.254/latest/meta-data/");

    DeliveryResult result = send(true);

    assertThat(result.outcome()).isEqualTo(DeliveryOutcome.REFUSED);
    assertThat(result.lastAttempt().error()).contains("SsrfException").contains("169.254.169.254");
  }
}
