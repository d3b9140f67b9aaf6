package dev.hookmesh.spring.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookmesh.DocSnippets;
import dev.hookmesh.Endpoint;
import dev.hookmesh.TraceContext;
import dev.hookmesh.WebhookClient;
import dev.hookmesh.WebhookMessage;
import dev.hookmesh.jdbc.JdbcDeliveryStore;
import dev.hookmesh.jdbc.JdbcReplayGuard;
import dev.hookmesh.jdbc.JdbcSchema;
import dev.hookmesh.jdbc.TestDatabases;
import dev.hookmesh.ReplayGuard;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.annotation.Transactional;

/** The examples of docs/operations.md, compiled and run. */
class OperationsDocsExamplesTest {

  @Test
  void plainJdbcStore() {
    DataSource dataSource = TestDatabases.postgres();
    // docs:plain-store
    JdbcSchema.create(dataSource);                 // development; use migrations in production
    JdbcDeliveryStore store = JdbcDeliveryStore.builder(dataSource).build();
    WebhookClient client = WebhookClient.builder()
        .store(store)
        .build();
    // end
    client.close();
    assertThat(store.pendingCount()).isZero();
  }

  @Test
  void sharedReplayGuard() {
    DataSource dataSource = TestDatabases.h2();
    JdbcSchema.create(dataSource);
    // docs:replay-guard
    ReplayGuard guard = JdbcReplayGuard.builder(dataSource).build();
    // end
    assertThat(guard.seen("billing", "msg_1")).isFalse();
  }

  @Test
  void recovery() {
    DataSource dataSource = TestDatabases.h2();
    JdbcSchema.create(dataSource);
    JdbcDeliveryStore store = JdbcDeliveryStore.builder(dataSource).build();
    // docs:recover
    // The customer's endpoint was down from 02:00 to 09:00 and gave up on some messages:
    List<String> resent = store.redeliverFailed(
        "customer-42",                                  // the endpoint's id
        Instant.parse("2026-11-23T02:00:00Z"),          // messages created since
        Instant.now());                                 // due again now
    // end
    // docs:retention
    int deleted = store.purge(Instant.now().minus(Duration.ofDays(7)));
    // end
    assertThat(resent).isEmpty();
    assertThat(deleted).isZero();
  }

  @Test
  void aTraceTheTracerCannotSee() {
    String traceparentFromTheBroker = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    // docs:trace-context
    WebhookMessage message = WebhookMessage.builder("order.paid")
        .payload(Map.of("orderId", "ord_1"))
        .traceContext(TraceContext.of(Map.of("traceparent", traceparentFromTheBroker)))
        .build();
    // end
    assertThat(message.traceContext().get("traceparent")).isEqualTo(traceparentFromTheBroker);
  }

  @Test
  void everyJavaBlockOfTheOperationsPageIsCompiledHere() {
    DocSnippets.assertSnippetsAreRegions("../docs/operations.md", OperationsDocsExamplesTest.class);
  }

  /** The outbox example: an ordinary transactional service method. */
  static final class OrderService {
    private final WebhookClient webhooks;
    private final Endpoint customerEndpoint;

    OrderService(WebhookClient webhooks, Endpoint customerEndpoint) {
      this.webhooks = webhooks;
      this.customerEndpoint = customerEndpoint;
    }

    // docs:outbox
    @Transactional
    public void placeOrder(String orderId) {
      // ... insert the order with JPA or JdbcTemplate ...
      webhooks.send(customerEndpoint,
          WebhookMessage.of("order.placed", Map.of("orderId", orderId)));
      // Stored in this transaction: sent after commit, never if it rolls back.
    }
    // end
  }
}
