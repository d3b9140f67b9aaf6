package dev.hookmesh.delivery.internal;

import dev.hookmesh.delivery.DeliveryAttempt;
import dev.hookmesh.delivery.DeliveryEvent;
import dev.hookmesh.delivery.DeliveryListener;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** Tells the client's {@link DeliveryListener} what happened; a listener that throws is logged. */
final class Events {

  private static final System.Logger LOG = System.getLogger(Events.class.getName());

  private final DeliveryListener listener;

  Events(DeliveryListener listener) {
    this.listener = listener;
  }

  /** An event about an attempt. */
  void emit(DeliveryEvent.Type type, DeliveryAttempt attempt, @Nullable Duration wait,
      @Nullable Throwable cause) {
    emit(new DeliveryEvent(type, attempt.endpointId(), attempt.messageId(), attempt.attempt(),
        attempt, wait, null, cause));
  }

  void emit(DeliveryEvent event) {
    try {
      listener.onEvent(event);
    } catch (RuntimeException e) {
      // A listener must not break deliveries.
      LOG.log(System.Logger.Level.WARNING, "A DeliveryListener threw on " + event.type(), e);
    }
  }
}
