package dev.hookmesh;

import dev.hookmesh.http.SsrfPolicy;
import dev.hookmesh.retry.RetryPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A webhook receiver on 127.0.0.1 for tests: a MockWebServer that records every request and
 * answers through a function the test sets, 204 by default.
 */
public final class LoopbackReceiver implements AutoCloseable {

  /** The Standard Webhooks secret every test endpoint signs with. */
  public static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

  private final MockWebServer server = new MockWebServer();
  private final Queue<RecordedRequest> requests = new ConcurrentLinkedQueue<>();
  private volatile Function<RecordedRequest, MockResponse> answer = request -> status(204);

  /** Starts the receiver on a free port of 127.0.0.1. */
  public LoopbackReceiver() {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        requests.add(request);
        return answer.apply(request);
      }
    });
    try {
      server.start(InetAddress.getByName("127.0.0.1"), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A response with a status and no body.
   *
   * @param code the status
   * @return the response
   */
  public static MockResponse status(int code) {
    return new MockResponse.Builder().code(code).build();
  }

  /**
   * Sets how every following request is answered.
   *
   * @param answer the answer per request
   */
  public void answer(Function<RecordedRequest, MockResponse> answer) {
    this.answer = answer;
  }

  /**
   * Answers the next requests with these responses in order, then repeats the last one.
   *
   * @param responses the responses
   */
  public void answerInOrder(MockResponse... responses) {
    AtomicInteger next = new AtomicInteger();
    answer(request -> responses[Math.min(next.getAndIncrement(), responses.length - 1)]);
  }

  /**
   * Answers the next requests with these statuses in order, then repeats the last one.
   *
   * @param statuses the statuses
   */
  public void answerInOrder(int... statuses) {
    MockResponse[] responses = new MockResponse[statuses.length];
    for (int i = 0; i < statuses.length; i++) {
      responses[i] = status(statuses[i]);
    }
    answerInOrder(responses);
  }

  /**
   * The requests received so far, in order.
   *
   * @return a snapshot
   */
  public List<RecordedRequest> requests() {
    return List.copyOf(requests);
  }

  /**
   * How many requests arrived.
   *
   * @return the count
   */
  public int count() {
    return requests.size();
  }

  /**
   * A URL on this receiver.
   *
   * @param path such as {@code /hook}
   * @return the URL
   */
  public String url(String path) {
    return server.url(path).toString();
  }

  /**
   * An endpoint on this receiver with the test secret.
   *
   * @param id the endpoint's id
   * @return the endpoint
   */
  public Endpoint endpoint(String id) {
    return Endpoint.of(id, url("/hooks/" + id), SECRET);
  }

  /**
   * A client builder for loopback tests: 127.0.0.1 allow-listed, quick polling and a retry
   * policy with millisecond waits.
   *
   * @return the builder
   */
  public static WebhookClient.Builder clientBuilder() {
    return WebhookClient.builder()
        .ssrfPolicy(SsrfPolicy.builder().allow("127.0.0.1/32").build())
        .pollInterval(Duration.ofMillis(20))
        .closeTimeout(Duration.ofSeconds(5))
        .retryPolicy(RetryPolicy.fixedSchedule(Duration.ofMillis(10), Duration.ofMillis(10)));
  }

  /**
   * The headers of a request as a map, for the verifier.
   *
   * @param request the request
   * @return the headers
   */
  public static Map<String, List<String>> headers(RecordedRequest request) {
    return request.getHeaders().toMultimap();
  }

  /**
   * The body of a request.
   *
   * @param request the request
   * @return the bytes
   */
  public static byte[] body(RecordedRequest request) {
    return request.getBody() == null ? new byte[0] : request.getBody().toByteArray();
  }

  @Override
  public void close() {
    server.close();
  }
}
