package dev.hookmesh.spring.internal;

import dev.hookmesh.TraceContext;
import dev.hookmesh.WebhookMessage;
import dev.hookmesh.delivery.DeliveryAttempt;
import dev.hookmesh.delivery.DeliveryObserver;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.observation.transport.SenderContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The sender on Micrometer Observation, three observations per message and attempt:
 *
 * <ul>
 *   <li>{@value #SEND}, on the sending thread while the message is stored: a producer, whose
 *       propagated context (with a tracer, the {@code traceparent} of its span, a child of the
 *       span current when {@code send} was called) is stored with the message;
 *   <li>{@value #ATTEMPT}, per attempt: a consumer of that stored context, so with a tracer its
 *       span is a child of the send's, however long the message waited and whichever instance
 *       makes the attempt;
 *   <li>{@value #REQUEST}, the attempt's HTTP exchange, a child of the attempt whose context goes
 *       out as the request's {@code traceparent}, which the receiver continues.
 * </ul>
 *
 * <p>Low-cardinality keys: {@code hookmesh.event.type}, and on attempts and requests
 * {@code hookmesh.outcome} (success, failure, error when no response came) and
 * {@code hookmesh.status} (2xx ... 5xx, none). The message id, the endpoint id and the attempt
 * number are high-cardinality keys: span attributes, never meter tags.
 */
public final class ObservationDeliveryObserver implements DeliveryObserver {

  /** The observation of a send. */
  public static final String SEND = "hookmesh.webhook.send";
  /** The observation of an attempt. */
  public static final String ATTEMPT = "hookmesh.webhook.attempt";
  /** The observation of an attempt's HTTP request. */
  public static final String REQUEST = "hookmesh.webhook.request";

  private final ObservationRegistry registry;

  /**
   * Observes into a registry.
   *
   * @param registry the registry; {@link ObservationRegistry#NOOP} observes nothing
   */
  public ObservationDeliveryObserver(ObservationRegistry registry) {
    this.registry = registry;
  }

  @Override
  public Sending send(WebhookMessage message) {
    if (registry.isNoop()) {
      return Sending.NONE; // nothing observes: not even a context is made
    }
    SenderContext<Map<String, String>> context =
        new SenderContext<>((carrier, name, value) -> carrier.put(name, value), Kind.PRODUCER);
    context.setCarrier(new LinkedHashMap<>());
    Observation observation = Observation.createNotStarted(SEND, () -> context, registry)
        .contextualName("webhook send")
        .lowCardinalityKeyValue("hookmesh.event.type", message.eventType())
        .highCardinalityKeyValue("hookmesh.message.id", message.id())
        .start();
    if (observation.isNoop()) {
      return Sending.NONE;
    }
    TraceContext trace = TraceContext.fitting(context.getCarrier());
    return new Sending() {
      @Override
      public TraceContext traceContext() {
        return trace;
      }

      @Override
      public void stop(@Nullable Throwable error) {
        if (error != null) {
          observation.error(error);
        }
        observation.stop();
      }
    };
  }

  @Override
  @SuppressWarnings("try") // the request observation is made in the attempt's scope
  public Attempting attempt(WebhookMessage message, String endpointId, int attempt,
      BiConsumer<String, String> requestHeaders) {
    if (registry.isNoop()) {
      return Attempting.NONE;
    }
    ReceiverContext<TraceContext> dequeued =
        new ReceiverContext<>(TraceContext::get, Kind.CONSUMER);
    dequeued.setCarrier(message.traceContext());
    Observation attempting = Observation.createNotStarted(ATTEMPT, () -> dequeued, registry)
        .contextualName("webhook attempt")
        .lowCardinalityKeyValue("hookmesh.event.type", message.eventType())
        .highCardinalityKeyValue("hookmesh.message.id", message.id())
        .highCardinalityKeyValue("hookmesh.endpoint", endpointId)
        .highCardinalityKeyValue("hookmesh.attempt", Integer.toString(attempt))
        .start();
    if (attempting.isNoop()) {
      return Attempting.NONE;
    }
    SenderContext<BiConsumer<String, String>> sent =
        new SenderContext<>(BiConsumer::accept, Kind.CLIENT);
    sent.setCarrier(requestHeaders);
    Observation request;
    // In the attempt's scope: the first attempt may start on the sending thread, whose own span
    // a tracer would otherwise take for the request's parent.
    try (Observation.Scope scope = attempting.openScope()) {
      request = Observation.createNotStarted(REQUEST, () -> sent, registry)
          .contextualName("webhook POST")
          .parentObservation(attempting)
          .lowCardinalityKeyValue("hookmesh.event.type", message.eventType())
          .highCardinalityKeyValue("hookmesh.endpoint", endpointId)
          .start();
    }
    return (DeliveryAttempt record) -> {
      String outcome = AttemptMetrics.attemptOutcome(record);
      String status = AttemptMetrics.statusClass(record);
      for (Observation observation : new Observation[] {request, attempting}) {
        observation.lowCardinalityKeyValue("hookmesh.outcome", outcome)
            .lowCardinalityKeyValue("hookmesh.status", status);
        if (record.error() != null) {
          observation.error(new AttemptFailed(record.error()));
        }
        observation.stop();
      }
    };
  }

  /** An attempt that got no response, as an observation's error: its recorded reason. */
  private static final class AttemptFailed extends RuntimeException {
    AttemptFailed(String reason) {
      super(reason, null, false, false);
    }
  }
}
