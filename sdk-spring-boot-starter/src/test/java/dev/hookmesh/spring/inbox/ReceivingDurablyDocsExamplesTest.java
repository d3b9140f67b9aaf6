package dev.hookmesh.spring.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hookmesh.DocSnippets;
import dev.hookmesh.WebhookEvent;
import dev.hookmesh.WebhookSigner;
import dev.hookmesh.WebhookVerifier;
import dev.hookmesh.inbox.InboxEntry;
import dev.hookmesh.inbox.InboxEvent;
import dev.hookmesh.inbox.InboxStatus;
import dev.hookmesh.inbox.WebhookInbox;
import dev.hookmesh.jdbc.JdbcInboxStore;
import dev.hookmesh.jdbc.JdbcSchema;
import dev.hookmesh.jdbc.TestDatabases;
import dev.hookmesh.retry.NonRetryableException;
import dev.hookmesh.spring.WebhookListener;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** The examples of docs/receiving-durably.md, compiled and run. */
class ReceivingDurablyDocsExamplesTest {

  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

  /** The payload the listener example binds. */
  record OrderPaid(String id, long amount) {}

  // docs:listener
  @org.springframework.stereotype.Component
  class Fulfilment {
    private final JdbcTemplate jdbc;

    Fulfilment(JdbcTemplate jdbc) {
      this.jdbc = jdbc;
    }

    // Runs in the background, in one transaction with the event's completion:
    // the shipment row and the inbox's "processed" commit together or not at all.
    @WebhookListener(endpoint = "shop", events = "order.paid")
    void paid(OrderPaid order, WebhookEvent event) {
      jdbc.update("INSERT INTO shipments (order_id, webhook_id) VALUES (?, ?)",
          order.id(), event.id());
    }
  }
  // end

  // docs:not-retryable
  /** A failure no retry can fix: the event becomes a dead letter at once, with this message. */
  static class UnknownProductException extends RuntimeException
      implements NonRetryableException {
    UnknownProductException(String sku) {
      super("No product " + sku + " in the catalogue");
    }
  }
  // end

  @Test
  void theListenerWritesItsRow() {
    DataSource dataSource = TestDatabases.h2();
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    jdbc.execute("CREATE TABLE shipments (order_id VARCHAR(64), webhook_id VARCHAR(64))");
    WebhookEvent event = new WebhookEvent("msg_1", Instant.now(),
        "{}".getBytes(StandardCharsets.UTF_8), "standard-webhooks", 0);

    new Fulfilment(jdbc).paid(new OrderPaid("ord_1", 4200), event);

    assertThat(jdbc.queryForList("SELECT order_id FROM shipments", String.class))
        .containsExactly("ord_1");
    assertThat(new UnknownProductException("sku_9")).isInstanceOf(NonRetryableException.class)
        .hasMessage("No product sku_9 in the catalogue");
  }

  @Test
  void theInboxWithoutSpring() throws Exception {
    DataSource dataSource = TestDatabases.postgres();
    JdbcSchema.create(dataSource);
    byte[] body = "{\"type\":\"order.paid\",\"id\":\"ord_1\"}".getBytes(StandardCharsets.UTF_8);
    Map<String, String> headers =
        WebhookSigner.builder().key(SECRET).build().sign("msg_1", body);
    ConcurrentLinkedQueue<String> fulfilled = new ConcurrentLinkedQueue<>();
    // docs:core
    WebhookVerifier verifier = WebhookVerifier.builder().key(SECRET).build();
    WebhookInbox inbox = WebhookInbox.builder(JdbcInboxStore.builder(dataSource).build(),
            event -> fulfilled.add(new String(event.body(), StandardCharsets.UTF_8)))
        .concurrency(8)
        .build();

    // In the HTTP handler: verify, store, answer. 202 whether new or a duplicate;
    // if receive throws (the database is down), answer 503 so that the sender retries.
    WebhookEvent verified = verifier.verify(headers, body);
    boolean isNew = inbox.receive(InboxEvent.builder("shop", verified.id(), body)
        .eventType("order.paid")
        .build());
    // end
    try {
      assertThat(isNew).isTrue();
      await().atMost(Duration.ofSeconds(10)).until(() -> fulfilled.size() == 1);
    } finally {
      inbox.close();
    }
  }

  @Test
  void operations() {
    List<String> report = new ArrayList<>();
    DataSource h2 = TestDatabases.h2();
    JdbcSchema.create(h2);
    try (WebhookInbox inbox = WebhookInbox.builder(JdbcInboxStore.builder(h2).build(), event -> {
              throw new UnknownProductException("sku_9");
            })
        .build()) {
      inbox.receive(InboxEvent.builder("shop", "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W",
          "{}".getBytes(StandardCharsets.UTF_8)).build());
      await().atMost(Duration.ofSeconds(10)).until(() -> inbox.stats().dead() == 1);
      // docs:operations
      for (InboxEntry dead : inbox.deadLetters(50)) {
        report.add(dead.event().endpoint() + " " + dead.event().messageId() + ": "
            + dead.lastError());
      }
      inbox.redrive("shop", "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W");   // one event, once fixed
      inbox.redriveAll("shop");                                 // every dead letter of an endpoint
      inbox.redriveSince(Instant.parse("2026-11-30T02:00:00Z")); // all that arrived since
      inbox.replay("shop", "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W");    // run a processed event again
      List<InboxEntry> waiting = inbox.list(InboxStatus.PENDING, "shop", null, 100);
      // end
      assertThat(report).singleElement().asString()
          .startsWith("shop msg_2KWPBgLlAfxdpx2AI54pPJ85f4W: ")
          .contains("No product sku_9 in the catalogue");
      assertThat(waiting).hasSizeLessThanOrEqualTo(1);
    }
  }

  @Test
  void everyJavaBlockOfTheReceivingDurablyPageIsCompiledHere() {
    DocSnippets.assertSnippetsAreRegions("../docs/receiving-durably.md",
        ReceivingDurablyDocsExamplesTest.class);
  }
}
