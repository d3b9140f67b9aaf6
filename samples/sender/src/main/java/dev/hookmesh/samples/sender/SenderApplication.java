package dev.hookmesh.samples.sender;

import dev.hookmesh.platform.EventTypeSpec;
import dev.hookmesh.platform.WebhookRegistry;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A webhook provider on Hookmesh's platform: customers are applications that register endpoints
 * over REST ({@link CustomerController}), placing an order publishes {@code order.created} to
 * every endpoint of the customer that subscribes, from the order's own transaction
 * ({@link OrderService}), and the attempt log is read over REST ({@link MessageController}).
 * The registry, its encrypted secrets and the delivery queue all live in the application's
 * database.
 */
@SpringBootApplication
public class SenderApplication {

  public static void main(String[] args) {
    SpringApplication.run(SenderApplication.class, args);
  }

  /** The event types customers can subscribe to, defined (again) at every start. */
  @Bean
  ApplicationRunner eventCatalog(WebhookRegistry registry) {
    return arguments -> registry.defineEventType(EventTypeSpec.builder(OrderCreated.TYPE)
        .description("An order was placed.")
        .schema("""
            {"type": "object", "required": ["orderId", "amount"],
             "properties": {"orderId": {"type": "string"}, "amount": {"type": "integer"}}}""")
        .example("""
            {"type": "order.created", "orderId": "ord_1", "amount": 4200,
             "placedAt": "2026-11-30T10:00:00Z"}""")
        .build());
  }
}
