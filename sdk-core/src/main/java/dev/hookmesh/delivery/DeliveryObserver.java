package dev.hookmesh.delivery;

import dev.hookmesh.TraceContext;
import dev.hookmesh.WebhookMessage;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * Watches each send and each attempt as it happens, and carries the trace from the one to the
 * other: {@link #send} runs on the sending thread and returns the {@link TraceContext} the
 * client stores with the message; {@link #attempt} gets that context back, whenever and wherever
 * the attempt runs, and may add headers such as {@code traceparent} to its request. The Spring
 * Boot starter implements it on Micrometer Observation, so sends and attempts become
 * observations, and spans when a tracer is configured.
 *
 * <pre>{@code
 * WebhookClient client = WebhookClient.builder()
 *     .observer(myObserver)
 *     .build();
 * }</pre>
 *
 * <p>Both methods run on the client's threads or the caller's, so they must return quickly; an
 * exception thrown by an observer is caught and ignored, and the send or attempt goes on
 * unobserved.
 */
public interface DeliveryObserver {

  /** Observes nothing and carries no trace. */
  DeliveryObserver NONE = new DeliveryObserver() {
    @Override
    public Sending send(WebhookMessage message) {
      return Sending.NONE;
    }

    @Override
    public Attempting attempt(WebhookMessage message, String endpointId, int attempt,
        BiConsumer<String, String> requestHeaders) {
      return Attempting.NONE;
    }
  };

  /**
   * A message is about to be stored for its endpoints, on the sending thread.
   *
   * @param message the message, encoded
   * @return the send's observation, stopped once the message is stored or storing failed
   */
  Sending send(WebhookMessage message);

  /**
   * An attempt is about to start.
   *
   * @param message the message, with the trace context stored with it
   * @param endpointId the endpoint's id
   * @param attempt the attempt's number, from 1
   * @param requestHeaders takes headers to add to the attempt's request, such as
   *     {@code traceparent}; the signature's headers cannot be replaced
   * @return the attempt's observation, stopped once it has a response or failed
   */
  Attempting attempt(WebhookMessage message, String endpointId, int attempt,
      BiConsumer<String, String> requestHeaders);

  /** One send being observed. */
  interface Sending {

    /** Observes nothing and keeps the message's own trace context. */
    Sending NONE = new Sending() {
      @Override
      public TraceContext traceContext() {
        return TraceContext.NONE;
      }

      @Override
      public void stop(@Nullable Throwable error) {}
    };

    /**
     * The trace context to store with the message, which its attempts continue.
     *
     * @return the context; {@link TraceContext#NONE} keeps the message's own
     */
    TraceContext traceContext();

    /**
     * The message is stored, or storing it failed.
     *
     * @param error why storing failed, or {@code null} if it was stored
     */
    void stop(@Nullable Throwable error);
  }

  /** One attempt being observed. */
  @FunctionalInterface
  interface Attempting {

    /** Observes nothing. */
    Attempting NONE = attempt -> {};

    /**
     * The attempt has a response, or failed without one.
     *
     * @param attempt the attempt's record, with its status or error
     */
    void stop(DeliveryAttempt attempt);
  }
}
