package dev.hookmesh.spring.inbox;

import dev.hookmesh.WebhookEvent;
import dev.hookmesh.spring.WebhookListener;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.JsonNode;

/**
 * The application the inbox tests receive with: its listeners write to an {@code orders} table
 * in the inbox's own database and fail as each event's body asks, so the tests can count what
 * was processed, and how often, in the database itself.
 */
@SpringBootApplication
public class InboxTestApplication {

  /** What the listeners did, for the assertions. */
  @Component
  public static class Processing {
    /** Attempts by message id, failed ones included. */
    final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    /** Completed events of each ordering key, in completion order. */
    final Map<String, List<Integer>> completedByKey = new ConcurrentHashMap<>();
    /** Whether each listener call ran inside a transaction. */
    final List<Boolean> inTransaction = new CopyOnWriteArrayList<>();
    /** Opened by a test to let a held attempt go on. */
    volatile CountDownLatch release = new CountDownLatch(0);
    /** Counted down when an attempt starts to wait on {@link #release}. */
    volatile CountDownLatch holding = new CountDownLatch(1);

    int attempt(String messageId) {
      return attempts.computeIfAbsent(messageId, id -> new AtomicInteger()).incrementAndGet();
    }

    int attempts(String messageId) {
      AtomicInteger count = attempts.get(messageId);
      return count == null ? 0 : count.get();
    }
  }

  /**
   * The listeners. An order's body says how it behaves: {@code failTimes} attempts throw after
   * inserting the row, and {@code holdOn} makes that attempt wait for the test.
   */
  @Component
  static class OrderListeners {
    private final JdbcTemplate jdbc;
    private final Processing processing;

    OrderListeners(JdbcTemplate jdbc, Processing processing) {
      this.jdbc = jdbc;
      this.processing = processing;
    }

    @WebhookListener(endpoint = "orders", events = "order.*")
    void order(JsonNode order, WebhookEvent event) throws InterruptedException {
      int attempt = processing.attempt(event.id());
      processing.inTransaction.add(TransactionSynchronizationManager.isActualTransactionActive());
      if (order.path("holdOn").asInt() == attempt) {
        processing.holding.countDown();
        if (!processing.release.await(30, TimeUnit.SECONDS)) {
          throw new IllegalStateException("The test never released the held attempt");
        }
      }
      jdbc.update("INSERT INTO orders (order_id, message_id) VALUES (?, ?)",
          order.path("id").asString(), event.id());
      if (attempt <= order.path("failTimes").asInt()) {
        throw new IllegalStateException("attempt " + attempt + " of " + event.id() + " fails");
      }
    }

    // The ordering key named on the listener, as the endpoint's ordering-key would name it.
    @WebhookListener(endpoint = "ordered", orderingKey = "/key")
    void ordered(JsonNode event, WebhookEvent webhook) {
      int attempt = processing.attempt(webhook.id());
      String key = event.path("key").asString();
      if (event.path("dead").asBoolean() || attempt <= event.path("failTimes").asInt()) {
        throw new IllegalStateException("attempt " + attempt + " of " + webhook.id() + " fails");
      }
      processing.completedByKey.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>())
          .add(event.path("seq").asInt());
    }
  }
}
