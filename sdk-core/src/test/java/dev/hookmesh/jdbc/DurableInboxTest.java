package dev.hookmesh.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.hookmesh.inbox.InboxEvent;
import dev.hookmesh.inbox.InboxHandler;
import dev.hookmesh.inbox.WebhookInbox;
import dev.hookmesh.jdbc.TestDatabases.Database;
import dev.hookmesh.retry.RetryPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The inbox on a real PostgreSQL with two instances sharing it: each event is processed once
 * whichever instance received it, duplicates arriving at both are stored once, and ordered
 * events keep their order across instances.
 */
class DurableInboxTest {

  private static final RetryPolicy QUICK = RetryPolicy.fixedSchedule(
      Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofMillis(10));

  private static WebhookInbox inbox(HikariDataSource pool, InboxHandler handler) {
    return WebhookInbox.builder(JdbcInboxStore.builder(pool).build(), handler)
        .retryPolicy(QUICK)
        .pollInterval(Duration.ofMillis(20))
        .closeTimeout(Duration.ofSeconds(5))
        .build();
  }

  private static InboxEvent event(String id, String orderingKey) {
    return InboxEvent.builder("orders", id, ("{\"id\":\"" + id + "\"}")
        .getBytes(StandardCharsets.UTF_8)).eventType("order.created").orderingKey(orderingKey)
        .build();
  }

  @ParameterizedTest
  @MethodSource("dev.hookmesh.jdbc.TestDatabases#servers")
  void twoInstancesProcessEachEventOnceWhicheverReceivedIt(Supplier<Database> server) throws Exception {
    Database database = server.get();
    JdbcSchema.create(database.dataSource());
    Map<String, AtomicInteger> processed = new ConcurrentHashMap<>();
    Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
    AtomicInteger overlaps = new AtomicInteger();
    InboxHandler handler = event -> {
      if (running.computeIfAbsent(event.messageId(), id -> new AtomicInteger())
          .incrementAndGet() > 1) {
        overlaps.incrementAndGet();
      }
      processed.computeIfAbsent(event.messageId(), id -> new AtomicInteger()).incrementAndGet();
      running.get(event.messageId()).decrementAndGet();
    };
    int events = 500;
    try (HikariDataSource first = database.pool(4);
        HikariDataSource second = database.pool(4);
        WebhookInbox a = inbox(first, handler);
        WebhookInbox b = inbox(second, handler)) {
      for (int i = 0; i < events; i++) {
        InboxEvent event = event("m" + i, null);
        (i % 2 == 0 ? a : b).receive(event);
        if (i % 5 == 0) {
          (i % 2 == 0 ? b : a).receive(event); // the sender retried to the other instance
        }
      }

      await().atMost(Duration.ofSeconds(60)).until(() -> processed.size() == events
          && a.stats().pending() == 0);
    }
    assertThat(processed.values()).allSatisfy(count -> assertThat(count).hasValue(1));
    assertThat(overlaps).hasValue(0);
  }

  @ParameterizedTest
  @MethodSource("dev.hookmesh.jdbc.TestDatabases#servers")
  void orderedEventsKeepTheirOrderAcrossInstancesThroughFailures(Supplier<Database> server) throws Exception {
    Database database = server.get();
    JdbcSchema.create(database.dataSource());
    Random random = new Random(30);
    Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
    Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    InboxHandler handler = event -> {
      String[] parts = event.messageId().split("-");
      if (random.nextInt(4) == 0 && failures.computeIfAbsent(event.messageId(),
          id -> new AtomicInteger()).incrementAndGet() <= 2) {
        throw new IllegalStateException("flaky");
      }
      seen.computeIfAbsent(parts[0], key -> Collections.synchronizedList(new ArrayList<>()))
          .add(Integer.parseInt(parts[1]));
    };
    int[] next = new int[10];
    try (HikariDataSource first = database.pool(4);
        HikariDataSource second = database.pool(4);
        WebhookInbox a = inbox(first, handler);
        WebhookInbox b = inbox(second, handler)) {
      for (int i = 0; i < 200; i++) {
        int k = random.nextInt(10);
        (i % 2 == 0 ? a : b).receive(event("k" + k + "-" + next[k]++, "k" + k));
      }

      await().atMost(Duration.ofSeconds(60)).until(() -> a.stats().pending() == 0);
      assertThat(a.stats().dead()).isZero();
    }
    for (int k = 0; k < 10; k++) {
      assertThat(seen.getOrDefault("k" + k, List.of())).as("key %d", k).hasSize(next[k])
          .isSorted();
    }
  }
}
