package dev.hookmesh;

import static dev.hookmesh.LoopbackReceiver.SECRET;
import static dev.hookmesh.LoopbackReceiver.body;
import static dev.hookmesh.LoopbackReceiver.headers;
import static dev.hookmesh.LoopbackReceiver.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hookmesh.delivery.CircuitBreaker;
import dev.hookmesh.delivery.Delivery;
import dev.hookmesh.delivery.DeliveryOutcome;
import dev.hookmesh.delivery.DeliveryResult;
import dev.hookmesh.retry.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A bounded chaos run: 2,000 messages to a receiver that fails in every way a real one does.
 * Every message must arrive, every request must verify, and the run must end in bounded time.
 */
class ChaosDeliveryTest {

  private static final int MESSAGES = 2_000;
  private static final int ENDPOINTS = 4;
  // Resets make MockWebServer log a warning per connection; kept as a field so the level sticks.
  private static final Logger SERVER_LOG = Logger.getLogger(MockWebServer.class.getName());

  @BeforeAll
  static void quietServer() {
    SERVER_LOG.setLevel(Level.SEVERE);
  }

  @Test
  void deliversEveryMessageThroughErrorsResetsAndStalls() throws Exception {
    WebhookVerifier verifier = WebhookVerifier.builder().key(SECRET).build();
    Set<String> seen = ConcurrentHashMap.newKeySet();
    AtomicInteger unverified = new AtomicInteger();
    AtomicInteger requests = new AtomicInteger();
    Random random = new Random(20261123);
    MockResponse serverError = status(500);
    MockResponse tooMany0 = new MockResponse.Builder().code(429).setHeader("Retry-After", "0").build();
    MockResponse tooMany1 = new MockResponse.Builder().code(429).setHeader("Retry-After", "1").build();
    MockResponse reset = new MockResponse.Builder().code(204).onResponseStart(new SocketEffect.CloseSocket()).build();
    MockResponse stall = new MockResponse.Builder().code(204).headersDelay(1, TimeUnit.SECONDS).build();
    MockResponse ok = status(204);

    try (LoopbackReceiver receiver = new LoopbackReceiver();
        WebhookClient client = LoopbackReceiver.clientBuilder()
            .retryPolicy(RetryPolicy.exponential().newBuilder()
                .initial(Duration.ofMillis(5)).maxDelay(Duration.ofMillis(50))
                .maxAttempts(100).maxElapsed(Duration.ofMinutes(5)).maxRetryAfter(Duration.ofSeconds(1))
                .build())
            .callTimeout(Duration.ofMillis(200))
            .circuitBreaker(CircuitBreaker.builder().openDuration(Duration.ofMillis(20)).build())
            .maxConcurrencyPerEndpoint(8)
            .build()) {
      receiver.answer(request -> {
        requests.incrementAndGet();
        try {
          seen.add(verifier.verify(headers(request), body(request)).id());
        } catch (WebhookVerificationException e) {
          unverified.incrementAndGet();
        }
        int roll;
        synchronized (random) {
          roll = random.nextInt(100);
        }
        if (roll < 30) {
          return serverError;
        } else if (roll < 33) {
          return tooMany0;
        } else if (roll < 35) {
          return tooMany1;
        } else if (roll < 40) {
          return reset;
        } else if (roll < 45) {
          return stall;
        }
        return ok;
      });
      List<Endpoint> endpoints = new ArrayList<>();
      for (int i = 0; i < ENDPOINTS; i++) {
        endpoints.add(receiver.endpoint("ep_chaos_" + i));
      }

      long start = System.nanoTime();
      List<Delivery> deliveries = new ArrayList<>(MESSAGES);
      for (int i = 0; i < MESSAGES; i++) {
        deliveries.add(client.send(endpoints.get(i % ENDPOINTS), WebhookMessage.of("chaos.test", Map.of("n", i))));
      }
      await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
          .until(() -> client.store().pendingCount() == 0);

      List<DeliveryResult> results = new ArrayList<>(MESSAGES);
      for (Delivery delivery : deliveries) {
        results.add(delivery.result().get(5, TimeUnit.SECONDS));
      }
      assertThat(results).extracting(DeliveryResult::outcome).containsOnly(DeliveryOutcome.DELIVERED);
      assertThat(seen).containsAll(deliveries.stream().map(Delivery::messageId).toList());
      assertThat(unverified).hasValue(0);
      assertThat(requests.get()).isGreaterThan(MESSAGES);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(120));
    }
  }
}
