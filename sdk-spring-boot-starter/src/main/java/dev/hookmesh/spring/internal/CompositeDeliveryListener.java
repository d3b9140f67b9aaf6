package dev.hookmesh.spring.internal;

import dev.hookmesh.delivery.DeliveryEvent;
import dev.hookmesh.delivery.DeliveryListener;
import java.util.List;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Tells several listeners about each event, in order; one that throws does not keep the event
 * from the others.
 */
public final class CompositeDeliveryListener implements DeliveryListener {

  private static final Log logger = LogFactory.getLog(CompositeDeliveryListener.class);

  private final List<DeliveryListener> listeners;

  private CompositeDeliveryListener(List<DeliveryListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  /**
   * Composes listeners.
   *
   * @param listeners the listeners, in the order they hear each event
   * @return {@link DeliveryListener#NONE} for none, the listener itself for one
   */
  public static DeliveryListener of(List<DeliveryListener> listeners) {
    return switch (listeners.size()) {
      case 0 -> DeliveryListener.NONE;
      case 1 -> listeners.get(0);
      default -> new CompositeDeliveryListener(listeners);
    };
  }

  @Override
  public void onEvent(DeliveryEvent event) {
    for (DeliveryListener listener : listeners) {
      try {
        listener.onEvent(event);
      } catch (RuntimeException e) {
        logger.warn("DeliveryListener " + listener + " failed on " + event.type(), e);
      }
    }
  }
}
