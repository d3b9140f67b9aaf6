package dev.hookmesh.http;

import static dev.hookmesh.LoopbackReceiver.SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookmesh.Endpoint;
import dev.hookmesh.LoopbackReceiver;
import dev.hookmesh.WebhookClient;
import dev.hookmesh.WebhookMessage;
import dev.hookmesh.WebhookVerifier;
import dev.hookmesh.delivery.DeliveryAttempt;
import dev.hookmesh.delivery.DeliveryOutcome;
import dev.hookmesh.delivery.DeliveryResult;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

/**
 * Through an egress proxy: the client reaches the proxy, which the guard would refuse as a
 * destination, and the proxy is asked for the endpoint's URL; a literal private address is still
 * refused before anything is sent. The proxy here is a loopback server that answers for every
 * URL, as a forward proxy's upstream would.
 */
class EgressProxyTest {

  private static WebhookMessage message() {
    return WebhookMessage.builder("invoice.paid")
        .body("{\"invoice\":\"in_1\"}".getBytes(StandardCharsets.UTF_8), "application/json")
        .build();
  }

  private static WebhookClient throughProxy(LoopbackReceiver proxy) {
    int port = HttpUrl.get(proxy.url("/")).port();
    return WebhookClient.builder() // the default guard, which refuses loopback destinations
        .proxy(new Proxy(Proxy.Type.HTTP, new InetSocketAddress("127.0.0.1", port)))
        .closeTimeout(Duration.ofSeconds(5))
        .build();
  }

  @Test
  void sendsThroughTheProxyThatTheGuardWouldRefuseAsADestination() throws Exception {
    try (LoopbackReceiver proxy = new LoopbackReceiver();
        WebhookClient client = throughProxy(proxy)) {
      WebhookMessage message = message();

      DeliveryResult result = client.sendAndAwait(
          Endpoint.of("ep_1", "http://hooks.customer.example/in", SECRET), message,
          Duration.ofSeconds(10));

      assertThat(result.outcome()).isEqualTo(DeliveryOutcome.DELIVERED);
      RecordedRequest request = proxy.requests().get(0);
      assertThat(request.getRequestLine())
          .as("absolute-form: the proxy, not this process, resolves the endpoint's host")
          .isEqualTo("POST http://hooks.customer.example/in HTTP/1.1");
      assertThat(WebhookVerifier.builder().key(SECRET).build()
          .verify(LoopbackReceiver.headers(request), LoopbackReceiver.body(request)).id())
          .isEqualTo(message.id());
    }
  }

  @Test
  void stillRefusesALiteralPrivateAddressBeforeSendingAnything() throws Exception {
    try (LoopbackReceiver proxy = new LoopbackReceiver();
        WebhookClient client = throughProxy(proxy)) {
      DeliveryAttempt attempt =
          client.attemptOnce(Endpoint.of("ep_1", "http://10.0.0.7/in", SECRET), message());

      assertThat(attempt.status()).isZero();
      assertThat(attempt.error()).contains("SsrfException").contains("private");
      assertThat(proxy.count()).isZero();
    }
  }

  @Test
  void refusesASocksProxyWhoseConnectionsTheGuardCannotSee() {
    Proxy socks = new Proxy(Proxy.Type.SOCKS, new InetSocketAddress("127.0.0.1", 1080));

    assertThatThrownBy(() -> WebhookClient.builder().proxy(socks))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Only HTTP proxies are supported");
  }
}
