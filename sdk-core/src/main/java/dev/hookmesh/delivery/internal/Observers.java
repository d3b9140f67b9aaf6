package dev.hookmesh.delivery.internal;

import dev.hookmesh.WebhookMessage;
import dev.hookmesh.delivery.DeliveryAttempt;
import dev.hookmesh.delivery.DeliveryObserver;
import dev.hookmesh.delivery.DeliveryObserver.Attempting;
import dev.hookmesh.delivery.DeliveryObserver.Sending;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The client's {@link DeliveryObserver}, made harmless: what it throws is logged and ignored,
 * so observing never changes whether a message is stored or an attempt is made.
 */
final class Observers {

  private static final System.Logger LOG = System.getLogger(Observers.class.getName());

  private final DeliveryObserver observer;

  Observers(DeliveryObserver observer) {
    this.observer = observer;
  }

  /** One attempt being observed, with the headers the observer adds to its request. */
  record ObservedAttempt(Map<String, String> headers, Attempting attempting) {

    static final ObservedAttempt NONE = new ObservedAttempt(Map.of(), Attempting.NONE);

    void stop(DeliveryAttempt attempt) {
      try {
        attempting.stop(attempt);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "A delivery observer failed to stop an attempt", e);
      }
    }
  }

  /**
   * Starts observing a send on this thread, and gives the message the trace it was sent in.
   *
   * @param message the message
   * @return the observation and the message to store
   */
  Send send(WebhookMessage message) {
    if (observer == DeliveryObserver.NONE) {
      return new Send(Sending.NONE, message);
    }
    try {
      Sending sending = observer.send(message);
      return new Send(sending, sending.traceContext().isEmpty() ? message
          : message.withTraceContext(sending.traceContext()));
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "A delivery observer failed to start a send", e);
      return new Send(Sending.NONE, message);
    }
  }

  /** A send being observed, and its message in the trace it was sent in. */
  record Send(Sending sending, WebhookMessage message) {

    void stop(@Nullable Throwable error) {
      try {
        sending.stop(error);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "A delivery observer failed to stop a send", e);
      }
    }
  }

  /**
   * Starts observing an attempt.
   *
   * @param message the message, with its stored trace context
   * @param endpointId the endpoint
   * @param number the attempt's number
   * @return the observation, with the headers to add to the request
   */
  ObservedAttempt attempt(WebhookMessage message, String endpointId, int number) {
    if (observer == DeliveryObserver.NONE) {
      return ObservedAttempt.NONE;
    }
    Map<String, String> headers = new LinkedHashMap<>();
    try {
      Attempting attempting = observer.attempt(message, endpointId, number, headers::put);
      return new ObservedAttempt(headers, attempting);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "A delivery observer failed to start an attempt", e);
      return ObservedAttempt.NONE;
    }
  }
}
