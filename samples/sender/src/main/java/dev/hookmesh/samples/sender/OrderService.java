package dev.hookmesh.samples.sender;

import dev.hookmesh.Endpoint;
import dev.hookmesh.WebhookClient;
import dev.hookmesh.WebhookMessage;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Places orders and tells the customer's endpoint. The webhook is written to Hookmesh's queue
 * in the order's transaction (the transactional outbox): it is sent only if the order commits,
 * and it is not lost if the process dies right after the commit.
 */
@Service
public class OrderService {

  /** An order that was placed, and the id of the webhook that announces it. */
  public record PlacedOrder(String orderId, String customerEndpointId, long amount,
      String messageId) {}

  private final JdbcTemplate jdbc;
  private final CustomerEndpoints endpoints;
  private final WebhookClient webhooks;

  OrderService(JdbcTemplate jdbc, CustomerEndpoints endpoints, WebhookClient webhooks) {
    this.jdbc = jdbc;
    this.endpoints = endpoints;
    this.webhooks = webhooks;
  }

  /**
   * Stores an order and its {@code order.created} webhook in one transaction.
   *
   * @param customerEndpointId the endpoint to tell
   * @param amount the amount in cents; not positive is refused, after the webhook was stored,
   *     to show that the rollback takes the webhook back
   * @return the placed order
   * @throws OrderRejectedException if the endpoint is unknown or the amount is not positive
   */
  @Transactional
  public PlacedOrder placeOrder(String customerEndpointId, long amount) {
    Endpoint endpoint = endpoints.find(customerEndpointId).orElseThrow(
        () -> new OrderRejectedException("No customer endpoint " + customerEndpointId, null));
    String orderId = "ord_" + UUID.randomUUID().toString().replace("-", "");
    Instant placedAt = Instant.now();
    jdbc.update("INSERT INTO customer_order (id, customer_endpoint_id, amount, created_at)"
        + " VALUES (?, ?, ?, ?)", orderId, customerEndpointId, amount, Timestamp.from(placedAt));

    // The message id derives from the order, so a retried request cannot announce it twice.
    WebhookMessage message = WebhookMessage.builder(OrderCreated.TYPE)
        .id("msg_" + orderId)
        .payload(new OrderCreated(orderId, amount, placedAt))
        .build();
    webhooks.send(endpoint, message);

    // Checked after sending on purpose: a failure anywhere later in the transaction rolls the
    // stored webhook back with the order, and the customer never hears of it.
    if (amount <= 0) {
      throw new OrderRejectedException("amount must be positive, was " + amount, message.id());
    }
    return new PlacedOrder(orderId, customerEndpointId, amount, message.id());
  }
}
