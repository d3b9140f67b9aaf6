package dev.hookmesh.test;

import dev.hookmesh.Endpoint;
import dev.hookmesh.WebhookVerificationException;
import dev.hookmesh.WebhookVerifier;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Predicate;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A customer's endpoint played by a {@link WebhookTestReceiver}: it has its own URL and key,
 * records every request with whether its signature verified, and answers by a script of
 * {@link Reply replies}. Thread-safe.
 *
 * <pre>{@code
 * TestEndpoint customer = receiver.endpoint("ep_customer");
 * customer.replies(Reply.status(500), Reply.status(500));   // then 204
 * client.send(customer.endpoint(), WebhookMessage.of("invoice.paid", invoice));
 * ReceivedWebhook delivered = customer.awaitWebhook("invoice.paid");
 * assertThat(delivered.attempt()).isEqualTo(3);
 * }</pre>
 */
public final class TestEndpoint {

  private static final JsonMapper JSON = new JsonMapper();
  /** How long {@link #awaitWebhook(String)} waits. */
  public static final Duration DEFAULT_WAIT = Duration.ofSeconds(10);

  private final Endpoint endpoint;
  private final String key;
  private final WebhookVerifier verifier;
  private final Deque<Reply> script = new ArrayDeque<>();
  private final List<ReceivedWebhook> received = new ArrayList<>();

  TestEndpoint(Endpoint endpoint, String key, WebhookVerifier verifier) {
    this.endpoint = endpoint;
    this.key = key;
    this.verifier = verifier;
  }

  /**
   * The endpoint to send to: its id, URL and key.
   *
   * @return the endpoint
   */
  public Endpoint endpoint() {
    return endpoint;
  }

  /**
   * The key the endpoint verifies with, as a customer would configure it.
   *
   * @return the key, such as {@code whsec_...}
   */
  public String key() {
    return key;
  }

  /**
   * Answers the next requests with these replies, in order, after any still scripted; every
   * request after them gets 204.
   *
   * @param replies the replies
   * @return this endpoint
   */
  public synchronized TestEndpoint replies(Reply... replies) {
    script.addAll(Arrays.asList(replies));
    return this;
  }

  /**
   * Answers the next requests with these statuses, as {@link #replies} does.
   *
   * @param statuses such as 500, 500, 200
   * @return this endpoint
   */
  public TestEndpoint statuses(int... statuses) {
    return replies(Arrays.stream(statuses).mapToObj(Reply::status).toArray(Reply[]::new));
  }

  /**
   * Every request received so far, in arrival order.
   *
   * @return a copy
   */
  public synchronized List<ReceivedWebhook> requests() {
    return List.copyOf(received);
  }

  /**
   * The requests received so far that carried one message: its attempts, in order.
   *
   * @param messageId the {@code webhook-id}
   * @return a copy
   */
  public synchronized List<ReceivedWebhook> attempts(String messageId) {
    return received.stream().filter(request -> messageId.equals(request.messageId())).toList();
  }

  /**
   * Waits for a request of an event type that the endpoint answered with success, up to
   * {@link #DEFAULT_WAIT}.
   *
   * @param eventType the body's {@code type}
   * @return that request
   * @throws AssertionError if none arrives in time, listing what did
   */
  public ReceivedWebhook awaitWebhook(String eventType) {
    return awaitWebhook(eventType, DEFAULT_WAIT);
  }

  /**
   * Waits for a request of an event type that the endpoint answered with success.
   *
   * @param eventType the body's {@code type}
   * @param timeout how long to wait
   * @return that request
   * @throws AssertionError if none arrives in time, listing what did
   */
  public ReceivedWebhook awaitWebhook(String eventType, Duration timeout) {
    return await(request -> eventType.equals(request.eventType()) && request.answered() >= 200
        && request.answered() < 300, timeout, "a webhook of type " + eventType);
  }

  /**
   * Waits for a request that matches.
   *
   * @param condition what the request must be
   * @param timeout how long to wait
   * @param description what is awaited, for the failure
   * @return the first request that matches
   * @throws AssertionError if none arrives in time, listing what did
   */
  public synchronized ReceivedWebhook await(Predicate<ReceivedWebhook> condition,
      Duration timeout, String description) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (ReceivedWebhook request : received) {
        if (condition.test(request)) {
          return request;
        }
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("No " + description + " reached " + endpoint.id() + " within "
            + timeout + "; it received " + received);
      }
      try {
        wait(Math.max(1, left / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("Interrupted while waiting for " + description, e);
      }
    }
  }

  /** Records a request and answers it by the script. */
  synchronized MockResponse answer(RecordedRequest request) {
    Reply reply = script.isEmpty() ? Reply.ok() : script.removeFirst();
    byte[] body = request.getBody() == null ? new byte[0] : request.getBody().toByteArray();
    Map<String, List<String>> headers = new TreeMap<>();
    request.getHeaders().toMultimap().forEach((name, values) ->
        headers.put(name.toLowerCase(Locale.ROOT), values));
    WebhookVerificationException.Reason failure = null;
    String messageId = null;
    try {
      messageId = verifier.verify(headers, body).id();
    } catch (WebhookVerificationException e) {
      failure = e.reason();
    }
    if (messageId == null) {
      messageId = first(headers, "webhook-id");
    }
    received.add(new ReceivedWebhook(messageId, eventType(body), headers, body, failure,
        reply.statusOrZero(), received.size() + 1));
    notifyAll();
    return reply.toResponse();
  }

  private static @Nullable String first(Map<String, List<String>> headers, String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  private static @Nullable String eventType(byte[] body) {
    try {
      JsonNode type = JSON.readTree(body).path("type");
      return type.isString() ? type.asString() : null;
    } catch (JacksonException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    return "TestEndpoint[" + endpoint.id() + ", received=" + requests().size() + "]";
  }

  /** For the receiver's dispatcher: the id in the URL. */
  String id() {
    return Objects.requireNonNull(endpoint.id());
  }
}
