package dev.hookmesh.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.hookmesh.retry.NonRetryableException;
import dev.hookmesh.retry.RetryPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The inbox in one process, on the in-memory store: events are processed in the background,
 * retried, dead-lettered and redriven, duplicates are processed once, and ordered events keep
 * their order through failures.
 */
class WebhookInboxTest {

  private static final RetryPolicy QUICK = RetryPolicy.fixedSchedule(
      Duration.ofMillis(5), Duration.ofMillis(5), Duration.ofMillis(5));

  private final Queue<InboxActivity> activity = new ConcurrentLinkedQueue<>();
  private WebhookInbox inbox;

  @AfterEach
  void close() {
    if (inbox != null) {
      inbox.close();
    }
  }

  private WebhookInbox inbox(InboxHandler handler) {
    inbox = WebhookInbox.builder(new InMemoryInboxStore(), handler)
        .retryPolicy(QUICK)
        .pollInterval(Duration.ofMillis(20))
        .closeTimeout(Duration.ofSeconds(5))
        .listener(activity::add)
        .build();
    return inbox;
  }

  private static InboxEvent event(String id) {
    return event(id, null);
  }

  private static InboxEvent event(String id, String orderingKey) {
    return InboxEvent.builder("billing", id, ("{\"id\":\"" + id + "\"}")
        .getBytes(StandardCharsets.UTF_8)).eventType("invoice.paid").orderingKey(orderingKey)
        .build();
  }

  private List<InboxActivity.Type> typesOf(String messageId) {
    return activity.stream().filter(a -> a.event().messageId().equals(messageId))
        .map(InboxActivity::type).toList();
  }

  @Test
  void processesAStoredEventInTheBackground() {
    Queue<String> handled = new ConcurrentLinkedQueue<>();
    inbox(event -> handled.add(event.messageId()));

    assertThat(inbox.receive(event("m1"))).isTrue();

    await().atMost(Duration.ofSeconds(10)).until(() -> handled.contains("m1"));
    await().atMost(Duration.ofSeconds(10)).until(() -> inbox.find("billing", "m1")
        .map(entry -> entry.status() == InboxStatus.PROCESSED).orElse(false));
    assertThat(typesOf("m1")).containsExactly(InboxActivity.Type.RECEIVED,
        InboxActivity.Type.PROCESSED);
    assertThat(inbox.stats().pending()).isZero();
  }

  @Test
  void anInboxStartedLaterStoresEventsUntilThenAndProcessesThemOnStart() {
    Queue<String> handled = new ConcurrentLinkedQueue<>();
    inbox = WebhookInbox.builder(new InMemoryInboxStore(), event -> handled.add(event.messageId()))
        .pollInterval(Duration.ofMillis(20))
        .deferStart()
        .build();

    assertThat(inbox.receive(event("m1"))).isTrue();
    assertThat(inbox.receive(event("m2", "key"))).isTrue();
    assertThat(inbox.stats().pending()).isEqualTo(2);
    assertThat(handled).isEmpty();

    inbox.start();
    inbox.start(); // starting again does nothing

    await().atMost(Duration.ofSeconds(10)).until(() -> handled.size() == 2);
    assertThat(handled).containsExactlyInAnyOrder("m1", "m2");
  }

  @Test
  void aDuplicateIsAcknowledgedButProcessedOnce() {
    AtomicInteger calls = new AtomicInteger();
    inbox(event -> calls.incrementAndGet());

    assertThat(inbox.receive(event("m1"))).isTrue();
    assertThat(inbox.receive(event("m1"))).isFalse();
    await().atMost(Duration.ofSeconds(10)).until(() -> typesOf("m1")
        .contains(InboxActivity.Type.PROCESSED));
    assertThat(inbox.receive(event("m1"))).isFalse();

    assertThat(calls).hasValue(1);
    assertThat(typesOf("m1")).containsExactlyInAnyOrder(InboxActivity.Type.RECEIVED,
        InboxActivity.Type.DUPLICATE, InboxActivity.Type.PROCESSED,
        InboxActivity.Type.DUPLICATE);
  }

  @Test
  void retriesAFailingHandlerUntilItSucceeds() {
    AtomicInteger calls = new AtomicInteger();
    inbox(event -> {
      if (calls.incrementAndGet() < 3) {
        throw new IllegalStateException("CRM down");
      }
    });

    inbox.receive(event("m1"));

    await().atMost(Duration.ofSeconds(10)).until(() -> inbox.find("billing", "m1")
        .map(entry -> entry.status() == InboxStatus.PROCESSED).orElse(false));
    assertThat(calls).hasValue(3);
    assertThat(typesOf("m1")).containsExactly(InboxActivity.Type.RECEIVED,
        InboxActivity.Type.RETRY_SCHEDULED, InboxActivity.Type.RETRY_SCHEDULED,
        InboxActivity.Type.PROCESSED);
    assertThat(inbox.find("billing", "m1")).hasValueSatisfying(entry -> {
      assertThat(entry.attempts()).isEqualTo(3);
      assertThat(entry.lastError()).contains("CRM down");
    });
  }

  @Test
  void anEventThePolicyGivesUpOnBecomesADeadLetterWithItsError() {
    inbox(event -> {
      throw new IllegalStateException("always broken");
    });

    inbox.receive(event("m1"));

    await().atMost(Duration.ofSeconds(10)).until(() -> inbox.stats().dead() == 1);
    assertThat(inbox.deadLetters(10)).singleElement().satisfies(entry -> {
      assertThat(entry.attempts()).isEqualTo(4);
      assertThat(entry.lastError()).contains("Gave up after 4 attempts")
          .contains("always broken");
    });
    assertThat(typesOf("m1")).endsWith(InboxActivity.Type.DEAD_LETTERED);
  }

  @Test
  void aFailureThatCannotSucceedIsADeadLetterAtOnce() {
    AtomicInteger calls = new AtomicInteger();
    inbox(event -> {
      calls.incrementAndGet();
      throw new PayloadRejected();
    });

    inbox.receive(event("m1"));

    await().atMost(Duration.ofSeconds(10)).until(() -> inbox.stats().dead() == 1);
    assertThat(calls).hasValue(1);
    assertThat(inbox.deadLetters(1).get(0).lastError()).contains("PayloadRejected");
  }

  @Test
  void aRedriveProcessesADeadLetterAgainAndAReplayAProcessedEvent() {
    AtomicInteger calls = new AtomicInteger();
    inbox(event -> {
      if (calls.incrementAndGet() == 1) {
        throw new PayloadRejected();
      }
    });
    inbox.receive(event("m1"));
    await().atMost(Duration.ofSeconds(10)).until(() -> inbox.stats().dead() == 1);

    assertThat(inbox.redrive("billing", "m1")).isTrue();
    await().atMost(Duration.ofSeconds(10)).until(() -> inbox.find("billing", "m1")
        .map(entry -> entry.status() == InboxStatus.PROCESSED).orElse(false));
    assertThat(inbox.redrive("billing", "m1")).as("no longer dead").isFalse();

    assertThat(inbox.replay("billing", "m1")).isTrue();
    await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() == 3);
    assertThat(inbox.replay("billing", "unknown")).isFalse();
  }

  @Test
  void redrivesAnEndpointsDeadLettersOrThoseSinceATime() {
    AtomicInteger calls = new AtomicInteger();
    inbox(event -> {
      if (calls.incrementAndGet() <= 3) {
        throw new PayloadRejected();
      }
    });
    for (String id : List.of("m1", "m2", "m3")) {
      inbox.receive(event(id));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> inbox.stats().dead() == 3);

    assertThat(inbox.redriveSince(Instant.now().plusSeconds(60))).isZero();
    assertThat(inbox.redriveAll("billing")).isEqualTo(3);
    await().atMost(Duration.ofSeconds(10)).until(() -> inbox.stats().pending() == 0
        && inbox.stats().dead() == 0);
  }

  /** 200 events over 10 keys in random order, failing at random: each key's order holds. */
  @Test
  void keepsEachKeysOrderThroughFailuresWithoutHoldingBackOtherKeys() {
    Random random = new Random(2026);
    Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
    Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    inbox(event -> {
      String[] parts = event.messageId().split("-");
      if (random.nextInt(4) == 0 && failures.computeIfAbsent(event.messageId(),
          id -> new AtomicInteger()).incrementAndGet() <= 2) {
        throw new IllegalStateException("flaky");
      }
      seen.computeIfAbsent(parts[0], key -> Collections.synchronizedList(new ArrayList<>()))
          .add(Integer.parseInt(parts[1]));
    });
    List<String> keys = new ArrayList<>();
    for (int k = 0; k < 10; k++) {
      keys.add("k" + k);
    }
    int[] next = new int[10];
    for (int i = 0; i < 200; i++) {
      int k = random.nextInt(10);
      inbox.receive(event("k" + k + "-" + next[k]++, "k" + k));
    }

    await().atMost(Duration.ofSeconds(30)).until(() -> inbox.stats().pending() == 0);
    assertThat(inbox.stats().dead()).isZero();
    for (int k = 0; k < 10; k++) {
      List<Integer> order = seen.getOrDefault(keys.get(k), List.of());
      assertThat(order).as("key %d", k).hasSize(next[k]).isSorted();
    }
  }

  @Test
  void aDeadOrderedEventDoesNotStallItsKeyOrAnyOther() {
    Queue<String> handled = new ConcurrentLinkedQueue<>();
    inbox(event -> {
      if (event.messageId().equals("k1-0")) {
        throw new PayloadRejected();
      }
      handled.add(event.messageId());
    });

    inbox.receive(event("k1-0", "k1"));
    inbox.receive(event("k1-1", "k1"));
    inbox.receive(event("k2-0", "k2"));

    await().atMost(Duration.ofSeconds(10))
        .until(() -> handled.containsAll(List.of("k1-1", "k2-0")));
    assertThat(inbox.stats().dead()).isOne();
  }

  @Test
  void refusesEventsOnceClosed() {
    inbox(event -> { });
    inbox.close();

    assertThatThrownBy(() -> inbox.receive(event("m1")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }

  /** A failure retrying cannot fix. */
  static final class PayloadRejected extends RuntimeException implements NonRetryableException {
    private static final long serialVersionUID = 1L;

    PayloadRejected() {
      super("the payload does not fit the listener");
    }
  }
}
