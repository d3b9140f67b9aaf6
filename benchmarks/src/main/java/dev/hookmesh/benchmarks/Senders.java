package dev.hookmesh.benchmarks;

import dev.hookmesh.Endpoint;
import dev.hookmesh.WebhookClient;
import dev.hookmesh.WebhookMessage;
import dev.hookmesh.WebhookSigner;
import dev.hookmesh.delivery.CircuitBreaker;
import dev.hookmesh.http.SsrfPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

/** The two sides of each comparison, set up alike: same receiver, body, key and concurrency. */
final class Senders {

  static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  static final byte[] BODY = ("{\"type\":\"invoice.paid\",\"data\":{\"invoice\":\"in_1NvYx2\","
      + "\"customer\":\"cus_Q8ab\",\"amount\":4200,\"currency\":\"eur\",\"paid\":true}}")
      .getBytes(StandardCharsets.UTF_8);
  static final MediaType JSON = MediaType.get("application/json");

  private Senders() {}

  static WebhookClient hookmesh(int concurrency) {
    return hookmeshBuilder(concurrency).build();
  }

  /** The client's settings for every comparison, to add a store or a resolver to. */
  static WebhookClient.Builder hookmeshBuilder(int concurrency) {
    return WebhookClient.builder()
        .ssrfPolicy(SsrfPolicy.builder().allow("127.0.0.1/32").build())
        .maxConcurrency(concurrency)
        .maxConcurrencyPerEndpoint(concurrency)
        .circuitBreaker(CircuitBreaker.disabled())
        .closeTimeout(Duration.ofSeconds(5));
  }

  static Endpoint endpoint(FastReceiver receiver) {
    return Endpoint.of("ep_bench", receiver.url(), SECRET);
  }

  static WebhookMessage message() {
    return WebhookMessage.builder("invoice.paid").body(BODY, "application/json").build();
  }

  /** Plain OkHttp with the same limits as the client's transport, and no guard. */
  static OkHttpClient bareOkHttp(int concurrency) {
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequests(concurrency);
    dispatcher.setMaxRequestsPerHost(concurrency);
    return new OkHttpClient.Builder()
        .dispatcher(dispatcher)
        .connectionPool(new ConnectionPool(Math.max(5, concurrency), 5, TimeUnit.MINUTES))
        .callTimeout(Duration.ofSeconds(15))
        .followRedirects(false)
        .retryOnConnectionFailure(false)
        .build();
  }

  static WebhookSigner signer() {
    return WebhookSigner.builder().key(SECRET).build();
  }

  /** The request a bare loop sends: the same body and signature headers Hookmesh sends. */
  static Request signedRequest(String url, WebhookSigner signer) {
    return signedRequest(url, signer, WebhookMessage.newId(), BODY);
  }

  /** The same request for a message that a queue stored: its own id and body. */
  static Request signedRequest(String url, WebhookSigner signer, String id, byte[] body) {
    Request.Builder request = new Request.Builder().url(url).post(RequestBody.create(body, JSON));
    signer.sign(id, body).forEach(request::header);
    return request.build();
  }

  static void shutDown(OkHttpClient client) {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }
}
