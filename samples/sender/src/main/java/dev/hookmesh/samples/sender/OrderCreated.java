package dev.hookmesh.samples.sender;

import java.time.Instant;

/**
 * The payload of the {@code order.created} webhook, written as JSON by the application's
 * {@code JsonMapper}.
 *
 * @param type the event type, repeated in the body for receivers that read it there
 * @param orderId the order's id
 * @param amount the amount in minor units (cents)
 * @param placedAt when the order was placed
 */
public record OrderCreated(String type, String orderId, long amount, Instant placedAt) {

  /** The event type. */
  public static final String TYPE = "order.created";

  OrderCreated(String orderId, long amount, Instant placedAt) {
    this(TYPE, orderId, amount, placedAt);
  }
}
