package dev.hookmesh;

import static dev.hookmesh.LoopbackReceiver.SECRET;
import static dev.hookmesh.LoopbackReceiver.body;
import static dev.hookmesh.LoopbackReceiver.headers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookmesh.delivery.DeliveryAttempt;
import dev.hookmesh.delivery.DeliveryObserver;
import dev.hookmesh.delivery.DeliveryOutcome;
import dev.hookmesh.delivery.DeliveryResult;
import dev.hookmesh.delivery.DeliveryStore;
import dev.hookmesh.delivery.ForwardingDeliveryStore;
import dev.hookmesh.delivery.DeliveryTarget;
import dev.hookmesh.delivery.InMemoryDeliveryStore;
import dev.hookmesh.delivery.PendingDelivery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import mockwebserver3.RecordedRequest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A {@link DeliveryObserver} sees every send and attempt, and the trace context it hands over at
 * send reaches each attempt, through the store, as the request's {@code traceparent}.
 */
class DeliveryObserverTest {

  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final TraceContext SENT_IN = TraceContext.of(Map.of(
      "traceparent", "00-" + TRACE + "-00f067aa0ba902b7-01", "tracestate", "rojo=00f067aa0ba902b7"));

  private final LoopbackReceiver receiver = new LoopbackReceiver();
  private final RecordingObserver observer = new RecordingObserver();
  private WebhookClient client = LoopbackReceiver.clientBuilder().observer(observer).build();

  @AfterEach
  void closeAll() {
    client.close();
    receiver.close();
  }

  @Test
  void everyAttemptContinuesTheTraceTheMessageWasSentIn() throws Exception {
    receiver.answerInOrder(503, 204);
    WebhookMessage message = WebhookMessage.of("invoice.paid", Map.of("invoice", "in_1"));

    DeliveryResult result =
        client.send(receiver.endpoint("ep_1"), message).result().get(30, TimeUnit.SECONDS);

    assertThat(result.outcome()).isEqualTo(DeliveryOutcome.DELIVERED);
    assertThat(observer.sends).containsExactly(message.id() + " stored");
    assertThat(observer.attempts).containsExactly(
        message.id() + " ep_1 #1 in " + SENT_IN + " -> 503",
        message.id() + " ep_1 #2 in " + SENT_IN + " -> 204");
    List<RecordedRequest> requests = receiver.requests();
    assertThat(requests).extracting(request -> request.getHeaders().get("traceparent"))
        .containsExactly("00-" + TRACE + "-0000000000000001-01",
            "00-" + TRACE + "-0000000000000002-01");
    // Added before signing, and not part of what is signed: the signature still verifies.
    assertThat(WebhookVerifier.builder().key(SECRET).build()
        .verify(headers(requests.get(1)), body(requests.get(1))).id()).isEqualTo(message.id());
  }

  @Test
  void theStoredMessageCarriesTheTraceSoAnotherClientContinuesIt() throws Exception {
    InMemoryDeliveryStore store = new InMemoryDeliveryStore();
    client.close();
    client = LoopbackReceiver.clientBuilder().observer(observer).store(store).build();
    receiver.answerInOrder(204);
    WebhookMessage message = WebhookMessage.of("invoice.paid", Map.of("invoice", "in_2"));

    client.send(receiver.endpoint("ep_1"), message).result().get(30, TimeUnit.SECONDS);

    assertThat(store.message(message.id())).map(WebhookMessage::traceContext).contains(SENT_IN);
  }

  @Test
  void aMessageSentWithItsOwnTraceKeepsItWhenTheObserverHasNone() throws Exception {
    client.close();
    List<TraceContext> seen = new ArrayList<>();
    client = LoopbackReceiver.clientBuilder()
        .observer(onAttempt((message, requestHeaders) -> seen.add(message.traceContext())))
        .build();
    WebhookMessage message = WebhookMessage.builder("invoice.paid").payload(Map.of("a", 1))
        .traceContext(SENT_IN).build();

    client.send(receiver.endpoint("ep_1"), message).result().get(30, TimeUnit.SECONDS);

    assertThat(seen).containsExactly(SENT_IN);
  }

  @Test
  void anObserverCannotReplaceTheSignatureOrTheRequestsOwnHeaders() throws Exception {
    client.close();
    client = LoopbackReceiver.clientBuilder().observer(onAttempt((message, requestHeaders) -> {
      requestHeaders.accept("webhook-signature", "v1,forged");
      requestHeaders.accept("Content-Type", "text/plain");
      requestHeaders.accept("User-Agent", "forged");
      requestHeaders.accept("baggage", "tenant=acme");
    })).build();
    WebhookMessage message = WebhookMessage.of("invoice.paid", Map.of("invoice", "in_3"));

    client.send(receiver.endpoint("ep_1"), message).result().get(30, TimeUnit.SECONDS);

    RecordedRequest request = receiver.requests().get(0);
    assertThat(request.getHeaders().get("baggage")).isEqualTo("tenant=acme");
    assertThat(request.getHeaders().get("webhook-signature")).isNotEqualTo("v1,forged");
    assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
    assertThat(request.getHeaders().get("User-Agent")).startsWith("Hookmesh/");
    assertThat(WebhookVerifier.builder().key(SECRET).build()
        .verify(headers(request), body(request)).id()).isEqualTo(message.id());
  }

  @Test
  void anObserverThatThrowsChangesNothingAboutTheDelivery() throws Exception {
    client.close();
    client = LoopbackReceiver.clientBuilder().observer(new DeliveryObserver() {
      @Override
      public Sending send(WebhookMessage message) {
        throw new IllegalStateException("tracer down");
      }

      @Override
      public Attempting attempt(WebhookMessage message, String endpointId, int attempt,
          BiConsumer<String, String> requestHeaders) {
        return record -> {
          throw new IllegalStateException("tracer down");
        };
      }
    }).build();
    receiver.answerInOrder(500, 204);

    DeliveryResult result = client.send(receiver.endpoint("ep_1"),
        WebhookMessage.of("invoice.paid", Map.of("a", 1))).result().get(30, TimeUnit.SECONDS);

    assertThat(result.outcome()).isEqualTo(DeliveryOutcome.DELIVERED);
    assertThat(result.attempts()).isEqualTo(2);
  }

  @Test
  void aSendThatCannotBeStoredStopsItsObservationWithTheError() {
    client.close();
    DeliveryStore down = new ForwardingDeliveryStore(new InMemoryDeliveryStore()) {
      @Override
      public boolean enqueueClaimed(WebhookMessage message, Collection<DeliveryTarget> targets,
          Instant now, @Nullable Duration lease, String owner,
          Consumer<List<PendingDelivery>> onStored) {
        throw new IllegalStateException("database down");
      }
    };
    client = LoopbackReceiver.clientBuilder().observer(observer).store(down).build();
    WebhookMessage message = WebhookMessage.of("invoice.paid", Map.of("a", 1));

    assertThatThrownBy(() -> client.send(receiver.endpoint("ep_1"), message))
        .hasMessage("database down");

    assertThat(observer.sends).containsExactly(message.id() + " failed: database down");
    assertThat(observer.attempts).isEmpty();
  }

  /** An observer that only looks at attempts as they start. */
  private static DeliveryObserver onAttempt(
      BiConsumer<WebhookMessage, BiConsumer<String, String>> hook) {
    return new DeliveryObserver() {
      @Override
      public Sending send(WebhookMessage message) {
        return Sending.NONE;
      }

      @Override
      public Attempting attempt(WebhookMessage message, String endpointId, int attempt,
          BiConsumer<String, String> requestHeaders) {
        hook.accept(message, requestHeaders);
        return Attempting.NONE;
      }
    };
  }

  /** Writes down what it sees; each attempt gets a span id of its own in the sent trace. */
  private static final class RecordingObserver implements DeliveryObserver {

    final Queue<String> sends = new ConcurrentLinkedQueue<>();
    final Queue<String> attempts = new ConcurrentLinkedQueue<>();
    private int spans;

    @Override
    public Sending send(WebhookMessage message) {
      return new Sending() {
        @Override
        public TraceContext traceContext() {
          return SENT_IN;
        }

        @Override
        public void stop(@Nullable Throwable error) {
          sends.add(message.id() + (error == null ? " stored" : " failed: " + error.getMessage()));
        }
      };
    }

    @Override
    public synchronized Attempting attempt(WebhookMessage message, String endpointId,
        int attempt, BiConsumer<String, String> requestHeaders) {
      String parent = message.traceContext().get("traceparent");
      requestHeaders.accept("traceparent",
          parent.substring(0, 36) + String.format("%016x", ++spans) + "-01");
      return (DeliveryAttempt record) -> attempts.add(message.id() + " " + endpointId + " #"
          + attempt + " in " + message.traceContext() + " -> " + record.status());
    }
  }
}
