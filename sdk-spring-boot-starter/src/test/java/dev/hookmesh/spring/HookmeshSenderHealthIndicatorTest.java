package dev.hookmesh.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hookmesh.Endpoint;
import dev.hookmesh.WebhookClient;
import dev.hookmesh.WebhookMessage;
import dev.hookmesh.delivery.CircuitBreaker;
import dev.hookmesh.delivery.DeliveryStore;
import dev.hookmesh.delivery.InMemoryDeliveryStore;
import dev.hookmesh.http.SsrfPolicy;
import dev.hookmesh.retry.RetryPolicy;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

class HookmeshSenderHealthIndicatorTest {

  private static final String KEY = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

  private WebhookClient client;

  @AfterEach
  void close() {
    if (client != null) {
      client.close();
    }
  }

  private static WebhookClient.Builder breakingAfterOneFailure() {
    return WebhookClient.builder()
        .ssrfPolicy(SsrfPolicy.builder().allow("127.0.0.1/32").build())
        .retryPolicy(RetryPolicy.exponential().newBuilder().initial(Duration.ofMillis(5))
            .maxAttempts(5).build())
        .circuitBreaker(CircuitBreaker.builder().consecutiveFailures(1).build())
        .closeTimeout(Duration.ZERO);
  }

  /** A loopback port nothing listens on: connections are refused at once. */
  private static Endpoint deadEndpoint(String id) throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    return Endpoint.of(id, "http://127.0.0.1:" + port + "/in", KEY);
  }

  @Test
  void isUpWithAnEmptyQueue() {
    client = WebhookClient.builder().build();

    Health health = new HookmeshSenderHealthIndicator(client, Clock.systemUTC()).health(true);

    assertThat(health.getStatus()).isEqualTo(Status.UP);
    assertThat(health.getDetails()).containsEntry("queueDepth", 0L)
        .containsEntry("oldestDueAge", "PT0S").containsEntry("openCircuitsCount", 0);
  }

  @Test
  void staysUpWhenACustomersEndpointFailsAndNamesItsOpenCircuit() throws IOException {
    client = breakingAfterOneFailure().build();
    client.send(deadEndpoint("ep_dead"), WebhookMessage.of("invoice.paid", "{}"));
    // An hour from now the held delivery is overdue.
    HookmeshSenderHealthIndicator indicator = new HookmeshSenderHealthIndicator(
        client, Clock.offset(Clock.systemUTC(), Duration.ofHours(1)));

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(indicator.health(true).getDetails()).containsEntry("openCircuitsCount", 1));
    Health health = indicator.health(true);

    assertThat(health.getStatus()).isEqualTo(Status.UP);
    assertThat(health.getDetails()).containsEntry("openCircuits", List.of("ep_dead"))
        .containsEntry("queueDepth", 1L);
    assertThat(Duration.parse((String) health.getDetails().get("oldestDueAge")))
        .isGreaterThan(Duration.ofMinutes(30));
  }

  @Test
  void namesAnEndpointWithoutTheCredentialsInItsUrl() throws IOException {
    client = breakingAfterOneFailure().build();
    String url = deadEndpoint("unused").url().newBuilder().username("bob").password("hunter2pass")
        .addQueryParameter("token", "tok_SECRETQUERY").build().toString();
    client.send(Endpoint.builder(url).key(KEY).build(), WebhookMessage.of("invoice.paid", "{}"));
    HookmeshSenderHealthIndicator indicator =
        new HookmeshSenderHealthIndicator(client, Clock.systemUTC());

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(indicator.health(true).getDetails()).containsEntry("openCircuitsCount", 1));

    assertThat(indicator.health(true).getDetails().toString())
        .contains("http://127.0.0.1:")
        .doesNotContain("bob", "hunter2pass", "tok_SECRETQUERY");
  }

  @Test
  void isDownWhenTheDeliveryStoreCannotBeRead() {
    DeliveryStore memory = new InMemoryDeliveryStore();
    DeliveryStore broken = (DeliveryStore) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {DeliveryStore.class}, (proxy, method, args) -> {
          if (method.getName().equals("pendingCount")) {
            throw new IllegalStateException("database unreachable");
          }
          try {
            return method.invoke(memory, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
    client = WebhookClient.builder().store(broken).build();

    Health health = new HookmeshSenderHealthIndicator(client, Clock.systemUTC()).health(true);

    assertThat(health.getStatus()).isEqualTo(Status.DOWN);
  }
}
