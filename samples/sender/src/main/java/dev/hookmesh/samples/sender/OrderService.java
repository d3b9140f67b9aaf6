package dev.hookmesh.samples.sender;

import dev.hookmesh.WebhookMessage;
import dev.hookmesh.platform.Publication;
import dev.hookmesh.platform.WebhookPublisher;
import dev.hookmesh.platform.WebhookRegistry;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Places orders and tells the customer. The webhook is published to every endpoint of the
 * customer that subscribes to {@code order.created}, written to Hookmesh's queue in the order's
 * transaction (the transactional outbox): it is sent only if the order commits, and it is not
 * lost if the process dies right after the commit.
 */
@Service
public class OrderService {

  /** An order that was placed, and the id of the webhook that announces it. */
  public record PlacedOrder(String orderId, String customerId, long amount, String messageId,
      int endpoints) {}

  private final JdbcTemplate jdbc;
  private final WebhookRegistry registry;
  private final WebhookPublisher publisher;

  OrderService(JdbcTemplate jdbc, WebhookRegistry registry, WebhookPublisher publisher) {
    this.jdbc = jdbc;
    this.registry = registry;
    this.publisher = publisher;
  }

  /**
   * Stores an order and publishes its {@code order.created} webhook in one transaction.
   *
   * @param customerId the customer to tell
   * @param amount the amount in cents; not positive is refused, after the webhook was stored,
   *     to show that the rollback takes the webhook back
   * @return the placed order
   * @throws OrderRejectedException if the customer is unknown or the amount is not positive
   */
  @Transactional
  public PlacedOrder placeOrder(String customerId, long amount) {
    if (registry.findApplication(customerId).isEmpty()) {
      throw new OrderRejectedException("No customer " + customerId, null);
    }
    String orderId = "ord_" + UUID.randomUUID().toString().replace("-", "");
    Instant placedAt = Instant.now();
    jdbc.update("INSERT INTO customer_order (id, customer_id, amount, created_at)"
        + " VALUES (?, ?, ?, ?)", orderId, customerId, amount, Timestamp.from(placedAt));

    // The message id derives from the order, so a retried request cannot announce it twice.
    Publication published = publisher.publish(customerId, WebhookMessage.builder(OrderCreated.TYPE)
        .id("order-created-" + orderId)
        .payload(new OrderCreated(orderId, amount, placedAt))
        .build());

    // Checked after publishing on purpose: a failure anywhere later in the transaction rolls
    // the stored webhooks back with the order, and the customer never hears of it.
    if (amount <= 0) {
      throw new OrderRejectedException("amount must be positive, was " + amount,
          published.webhookId());
    }
    return new PlacedOrder(orderId, customerId, amount, published.webhookId(),
        published.deliveries().size());
  }
}
