package dev.hookmesh.spring.process.consumer;

import dev.hookmesh.WebhookEvent;
import dev.hookmesh.spring.WebhookListener;
import java.util.concurrent.CountDownLatch;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * A consuming application in a JVM of its own: the {@code orders} endpoint processes through
 * the inbox, and its listener inserts each order into the {@code orders} table in the
 * transaction that marks the event processed. With {@code --consumer.hold=true} the listener
 * never finishes, so events are acknowledged and stored but not processed, until the process
 * is killed.
 */
@SpringBootApplication
public class ConsumerApplication {

  /** The endpoint's secret; test values only. */
  public static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

  public static void main(String[] args) {
    SpringApplication.run(ConsumerApplication.class, args);
  }

  /** The arguments that make this application a consumer on a database and a port. */
  public static String[] arguments(String jdbcUrl, int port, boolean hold) {
    return new String[] {
        "--server.port=" + port,
        "--server.address=127.0.0.1",
        "--spring.main.banner-mode=off",
        "--spring.datasource.url=" + jdbcUrl,
        "--hookmesh.sender.enabled=false",
        "--hookmesh.receiver.inbox.lease=2s",
        "--hookmesh.receiver.inbox.poll-interval=200ms",
        "--hookmesh.receiver.endpoints.orders.processing=inbox",
        "--hookmesh.receiver.endpoints.orders.secrets[0]=" + SECRET,
        "--consumer.hold=" + hold};
  }

  @Component
  static class OrderListener {
    private final JdbcTemplate jdbc;
    private final boolean hold;
    private final CountDownLatch never = new CountDownLatch(1);

    OrderListener(JdbcTemplate jdbc, @Value("${consumer.hold:false}") boolean hold) {
      this.jdbc = jdbc;
      this.hold = hold;
    }

    @WebhookListener(endpoint = "orders", events = "order.created")
    void created(JsonNode order, WebhookEvent event) throws InterruptedException {
      if (hold) {
        never.await(); // until the process is killed
      }
      jdbc.update("INSERT INTO orders (order_id, message_id) VALUES (?, ?)",
          order.path("id").asString(), event.id());
    }
  }
}
