package dev.hookmesh.delivery;

/**
 * Hears about every attempt, every final outcome and every change of an endpoint's health.
 * One method, so a listener can be a lambda:
 *
 * <pre>{@code
 * DeliveryListener metrics = event -> {
 *   if (event.type() == DeliveryEvent.Type.FINISHED) {
 *     registry.counter("webhooks", "outcome", event.outcome().name()).increment();
 *   }
 * };
 * }</pre>
 *
 * <p>Listeners are called on the client's threads, so they must return quickly and not block;
 * an exception thrown by a listener is caught and ignored.
 */
@FunctionalInterface
public interface DeliveryListener {

  /** The listener that ignores every event. */
  DeliveryListener NONE = event -> {};

  /**
   * Receives an event.
   *
   * @param event what happened
   */
  void onEvent(DeliveryEvent event);
}
