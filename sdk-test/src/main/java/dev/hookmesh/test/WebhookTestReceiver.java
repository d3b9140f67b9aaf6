package dev.hookmesh.test;

import dev.hookmesh.Endpoint;
import dev.hookmesh.WebhookClient;
import dev.hookmesh.WebhookVerifier;
import dev.hookmesh.http.SsrfPolicy;
import dev.hookmesh.retry.RetryPolicy;
import dev.hookmesh.signature.HmacSecret;
import dev.hookmesh.signature.SignatureScheme;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * Customers' webhook endpoints on 127.0.0.1 for the length of a test, for a provider testing
 * its own sending code: each {@link TestEndpoint} records what it receives, verifies it with its
 * own key, and answers by a script of failures. Use it through {@link WebhookReceiverExtension}
 * in JUnit 5, or on its own:
 *
 * <pre>{@code
 * try (WebhookTestReceiver receiver = WebhookTestReceiver.start()) {
 *   TestEndpoint customer = receiver.endpoint("ep_customer").statuses(500, 500);
 *   try (WebhookClient client = receiver.clientBuilder().build()) {
 *     client.send(customer.endpoint(), WebhookMessage.of("invoice.paid", invoice));
 *     assertThat(customer.awaitWebhook("invoice.paid").attempt()).isEqualTo(3);
 *   }
 * }
 * }</pre>
 *
 * <p>Hookmesh's SSRF guard refuses loopback addresses; {@link #ssrfPolicy()} allows this
 * receiver's, for the clients of this test only.
 */
public final class WebhookTestReceiver implements AutoCloseable {

  private static final String LOOPBACK = InetAddress.getLoopbackAddress().getHostAddress();

  private final MockWebServer server = new MockWebServer();
  private final Map<String, TestEndpoint> endpoints = new ConcurrentHashMap<>();

  private WebhookTestReceiver() {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        String path = request.getUrl().encodedPath();
        TestEndpoint endpoint = endpoints.get(path.substring(path.lastIndexOf('/') + 1));
        return endpoint == null ? new MockResponse.Builder().code(404).build()
            : endpoint.answer(request);
      }
    });
  }

  /**
   * Starts a receiver on a free port of 127.0.0.1.
   *
   * @return the receiver; close it when the test ends
   */
  public static WebhookTestReceiver start() {
    WebhookTestReceiver receiver = new WebhookTestReceiver();
    try {
      receiver.server.start(InetAddress.getLoopbackAddress(), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start the test receiver on 127.0.0.1", e);
    }
    return receiver;
  }

  /**
   * A new endpoint with a fresh Standard Webhooks secret.
   *
   * @param id the endpoint's id, letters, digits, {@code _} and {@code -}
   * @return the endpoint
   */
  public TestEndpoint endpoint(String id) {
    return endpoint(id, SignatureScheme.standardWebhooks(), HmacSecret.generate().encode());
  }

  /**
   * A new endpoint of a scheme, with a key.
   *
   * @param id the endpoint's id, letters, digits, {@code _} and {@code -}
   * @param scheme how its webhooks are signed
   * @param key the key, as the scheme reads it
   * @return the endpoint
   * @throws IllegalArgumentException for an id in use or not URL-safe
   */
  public TestEndpoint endpoint(String id, SignatureScheme scheme, String key) {
    if (!id.matches("[A-Za-z0-9_-]{1,64}")) {
      throw new IllegalArgumentException("A test endpoint's id is 1 to 64 letters, digits,"
          + " _ and -, not '" + id + "'");
    }
    Endpoint endpoint = Endpoint.builder(server.url("/hooks/" + id).newBuilder().host(LOOPBACK)
            .build().toString()).id(id)
        .scheme(scheme).key(key).build();
    TestEndpoint created = new TestEndpoint(endpoint, key,
        WebhookVerifier.builder().scheme(scheme).key(key).build());
    if (endpoints.putIfAbsent(id, created) != null) {
      throw new IllegalArgumentException("The test receiver has an endpoint " + id + " already");
    }
    return created;
  }

  /**
   * The SSRF guard's defaults with this receiver's loopback address allowed: what a client
   * sending to it needs, and nothing more.
   *
   * @return the policy
   */
  public SsrfPolicy ssrfPolicy() {
    return SsrfPolicy.builder().allow(LOOPBACK + "/32").build();
  }

  /**
   * A client builder that may reach this receiver and retries within milliseconds, so that a
   * test of three attempts takes a moment; configure the rest as the code under test does.
   *
   * @return the builder
   */
  public WebhookClient.Builder clientBuilder() {
    return WebhookClient.builder()
        .ssrfPolicy(ssrfPolicy())
        .retryPolicy(RetryPolicy.exponential().newBuilder()
            .initial(Duration.ofMillis(10)).maxDelay(Duration.ofMillis(50)).maxAttempts(5)
            .build())
        .pollInterval(Duration.ofMillis(50));
  }

  @Override
  public void close() {
    server.close();
  }

  @Override
  public String toString() {
    return "WebhookTestReceiver[" + server.url("/") + ", endpoints=" + endpoints.keySet() + "]";
  }

  /** The endpoints, for the extension's report of a failed test. */
  Map<String, TestEndpoint> endpoints() {
    return Objects.requireNonNull(endpoints);
  }
}
