package dev.hookmesh.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link InboxStore} contract, which every store must keep: extend it with a factory for the
 * store under test, on a clock fixed at {@link #T0}. Memory, H2 and PostgreSQL all run it.
 */
public abstract class InboxStoreContract {

  protected static final Instant T0 = Instant.parse("2026-11-30T09:00:00Z");
  protected static final Duration LEASE = Duration.ofMinutes(5);

  protected InboxStore store;

  /** A new, empty store whose clock reads {@link #T0}. */
  protected abstract InboxStore newStore();

  @BeforeEach
  void createStore() {
    store = newStore();
  }

  protected static InboxEvent event(String id) {
    return event("billing", id, null);
  }

  protected static InboxEvent event(String endpoint, String id, @Nullable String orderingKey) {
    return InboxEvent.builder(endpoint, id, ("{\"id\":\"" + id + "\"}")
            .getBytes(StandardCharsets.UTF_8))
        .eventType("invoice.paid")
        .header("webhook-id", id)
        .orderingKey(orderingKey)
        .receivedAt(T0)
        .build();
  }

  private boolean add(InboxEvent event) {
    return store.add(event, null, "nobody", claimed -> {
      throw new AssertionError("stored unleased, nothing is handed over");
    });
  }

  private List<ClaimedEvent> claim(Instant now, String owner) {
    return store.claim(now, 10, Set.of(), LEASE, owner);
  }

  private static List<String> ids(List<ClaimedEvent> claimed) {
    return claimed.stream().map(c -> c.event().messageId()).toList();
  }

  @Test
  void storesEachMessageOnceAndKeepsTheFirstBody() {
    assertThat(add(event("m1"))).isTrue();
    InboxEvent again = InboxEvent.builder("billing", "m1", new byte[] {1}).receivedAt(T0).build();

    assertThat(add(again)).isFalse();
    assertThat(add(event("other", "m1", null))).as("another endpoint's m1").isTrue();
    assertThat(store.find("billing", "m1")).hasValueSatisfying(entry -> {
      assertThat(entry.event().body()).isEqualTo(event("m1").body());
      assertThat(entry.event().eventType()).isEqualTo("invoice.paid");
      assertThat(entry.event().headers()).containsEntry("webhook-id", List.of("m1"));
      assertThat(entry.status()).isEqualTo(InboxStatus.PENDING);
    });
    assertThat(store.stats().pending()).isEqualTo(2);
  }

  @Test
  void storesValuesNoColumnCouldHoldAsTheirStableHash() {
    String longId = "msg_" + "x".repeat(300);
    String nul = "order\u0000one";
    InboxEvent odd = InboxEvent.builder("billing", longId, new byte[] {'{', '}'})
        .eventType("t".repeat(256)).orderingKey(nul).receivedAt(T0).build();

    assertThat(add(odd)).isTrue();
    assertThat(add(InboxEvent.builder("billing", longId, new byte[0]).receivedAt(T0).build()))
        .as("the same long id again").isFalse();
    assertThat(odd.messageId()).startsWith("sha256:").hasSize(71);
    assertThat(odd.eventType()).startsWith("sha256:");
    assertThat(odd.orderingKey()).startsWith("sha256:").isNotEqualTo(odd.messageId());
    assertThat(store.find("billing", odd.messageId())).hasValueSatisfying(entry -> {
      assertThat(entry.event().orderingKey()).isEqualTo(odd.orderingKey());
      assertThat(entry.event().eventType()).isEqualTo(odd.eventType());
    });
    String fits = "m".repeat(InboxEvent.MAX_LENGTH);
    assertThat(InboxEvent.builder("billing", fits, new byte[0]).build().messageId())
        .isEqualTo(fits);
  }

  @Test
  void leasesANewEventAsItIsStoredAndHandsItOverOnce() {
    List<ClaimedEvent> handed = new ArrayList<>();

    assertThat(store.add(event("m1"), LEASE, "a", handed::add)).isTrue();
    assertThat(store.add(event("m1"), LEASE, "a", handed::add)).isFalse();

    assertThat(handed).singleElement().satisfies(claimed -> {
      assertThat(claimed.leaseOwner()).isEqualTo("a");
      assertThat(claimed.leaseExpiry()).isEqualTo(T0.plus(LEASE));
      assertThat(claimed.attempts()).isZero();
    });
    assertThat(claim(T0.plusSeconds(60), "b")).as("leased to a").isEmpty();
    assertThat(store.settle(List.of(InboxSettlement.processed(handed.get(0), T0))))
        .containsExactly(true);
  }

  @Test
  void claimsDueEventsAndLeasesThemUntilTheLeaseExpires() {
    add(event("m1"));
    add(event("m2"));

    assertThat(ids(claim(T0, "a"))).containsExactly("m1", "m2");
    assertThat(claim(T0.plusSeconds(60), "b")).isEmpty();
    assertThat(claim(T0.plus(LEASE), "b")).extracting(ClaimedEvent::leaseOwner)
        .containsOnly("b");
    assertThat(store.nextDue()).contains(T0.plus(LEASE).plus(LEASE));
  }

  @Test
  void onlyTheLeaseHolderSettles() {
    add(event("m1"));
    ClaimedEvent stale = claim(T0, "a").get(0);
    ClaimedEvent current = claim(T0.plus(LEASE), "b").get(0);

    assertThat(store.settle(List.of(InboxSettlement.processed(stale, T0),
        InboxSettlement.processed(current, T0.plus(LEASE))))).containsExactly(false, true);
    assertThat(store.find("billing", "m1")).hasValueSatisfying(entry -> {
      assertThat(entry.status()).isEqualTo(InboxStatus.PROCESSED);
      assertThat(entry.attempts()).isOne();
    });
  }

  @Test
  void aRetryWaitsUntilItIsDueAndKeepsItsError() {
    add(event("m1"));
    ClaimedEvent claimed = claim(T0, "a").get(0);

    store.settle(List.of(InboxSettlement.retry(claimed, T0, T0.plusSeconds(30), "boom")));

    assertThat(claim(T0.plusSeconds(29), "a")).isEmpty();
    assertThat(claim(T0.plusSeconds(30), "a")).singleElement().satisfies(again -> {
      assertThat(again.attempts()).isOne();
      assertThat(again.firstAttemptAt()).isEqualTo(T0);
    });
    assertThat(store.find("billing", "m1")).hasValueSatisfying(
        entry -> assertThat(entry.lastError()).isEqualTo("boom"));
  }

  @Test
  void orderedEventsAreClaimedOneAtATimeInArrivalOrder() {
    add(event("billing", "k1-first", "k1"));
    add(event("billing", "k2-first", "k2"));
    add(event("billing", "k1-second", "k1"));
    add(event("billing", "k1-third", "k1"));

    List<ClaimedEvent> heads = claim(T0, "a");

    assertThat(ids(heads)).containsExactly("k1-first", "k2-first");
    ClaimedEvent first = heads.get(0);
    store.settle(List.of(InboxSettlement.retry(first, T0, T0.plusSeconds(60), "down")));
    assertThat(claim(T0.plusSeconds(30), "a"))
        .as("the second waits while the first waits for its retry").isEmpty();
    ClaimedEvent retried = claim(T0.plusSeconds(60), "a").get(0);
    assertThat(retried.event().messageId()).isEqualTo("k1-first");
    store.settle(List.of(InboxSettlement.processed(retried, T0.plusSeconds(60))));
    assertThat(ids(claim(T0.plusSeconds(60), "a"))).containsExactly("k1-second");
  }

  @Test
  void aDeadLetterNoLongerHoldsItsKey() {
    add(event("billing", "k1-first", "k1"));
    add(event("billing", "k1-second", "k1"));

    store.settle(List.of(InboxSettlement.dead(claim(T0, "a").get(0), T0, "bad payload")));

    assertThat(ids(claim(T0, "a"))).containsExactly("k1-second");
    assertThat(store.stats().dead()).isOne();
  }

  @Test
  void busyEndpointsArePassedByExceptForTheirOrderedEvents() {
    add(event("busy", "unordered", null));
    add(event("busy", "ordered", "k"));
    add(event("free", "other", null));

    assertThat(ids(store.claim(T0, 10, Set.of("busy"), LEASE, "a")))
        .containsExactlyInAnyOrder("ordered", "other");
  }

  @Test
  void claimsNoMoreThanAsked() {
    for (int i = 0; i < 5; i++) {
      add(event("m" + i));
    }

    assertThat(store.claim(T0, 3, Set.of(), LEASE, "a")).hasSize(3);
    assertThat(store.claim(T0, 3, Set.of(), LEASE, "b")).hasSize(2);
  }

  @Test
  void listsByStatusInArrivalOrderAPageAtATime() {
    for (int i = 1; i <= 5; i++) {
      add(event("m" + i));
    }
    for (ClaimedEvent claimed : claim(T0, "a")) {
      store.settle(List.of(claimed.event().messageId().equals("m3")
          ? InboxSettlement.processed(claimed, T0)
          : InboxSettlement.dead(claimed, T0, "no")));
    }

    List<InboxEntry> first = store.list(InboxStatus.DEAD, null, null, 2);
    List<InboxEntry> second = store.list(InboxStatus.DEAD, null, first.get(1).sequence(), 2);

    assertThat(first).extracting(e -> e.event().messageId()).containsExactly("m1", "m2");
    assertThat(second).extracting(e -> e.event().messageId()).containsExactly("m4", "m5");
    assertThat(store.list(InboxStatus.PROCESSED, "billing", null, 10))
        .extracting(e -> e.event().messageId(), InboxEntry::lastError)
        .containsExactly(tuple("m3", null));
    assertThat(store.list(InboxStatus.DEAD, "other", null, 10)).isEmpty();
  }

  @Test
  void reopensDeadLettersAndProcessedEventsFromAttemptOne() {
    add(event("billing", "dead", null));
    add(event("billing", "done", null));
    add(event("shipping", "dead-too", null));
    for (ClaimedEvent claimed : claim(T0, "a")) {
      store.settle(List.of(claimed.event().messageId().equals("done")
          ? InboxSettlement.processed(claimed, T0)
          : InboxSettlement.dead(claimed, T0, "no")));
    }

    assertThat(store.reopen(InboxStatus.DEAD, "billing", null, null, T0.plusSeconds(1)))
        .isOne();
    assertThat(store.reopen(InboxStatus.PROCESSED, "billing", "done", null, T0.plusSeconds(1)))
        .isOne();
    assertThat(store.reopen(InboxStatus.DEAD, null, null, T0.plusSeconds(1), T0))
        .as("received before the cut-off").isZero();

    assertThat(claim(T0.plusSeconds(1), "b")).extracting(c -> c.event().messageId(),
        ClaimedEvent::attempts).containsExactlyInAnyOrder(tuple("dead", 0), tuple("done", 0));
    assertThat(store.stats().dead()).isOne();
  }

  @Test
  void purgesFinishedEventsAndNeverPendingOnes() {
    add(event("done"));
    add(event("waiting"));
    ClaimedEvent done = claim(T0, "a").stream()
        .filter(c -> c.event().messageId().equals("done")).findFirst().orElseThrow();
    store.settle(List.of(InboxSettlement.processed(done, T0)));

    assertThat(store.purge(T0.minusSeconds(1))).isZero();
    assertThat(store.purge(T0.plusSeconds(1))).isOne();
    assertThat(store.find("billing", "done")).isEmpty();
    assertThat(store.find("billing", "waiting")).isPresent();
    assertThat(add(event("done"))).as("forgotten, so a new arrival").isTrue();
  }

  @Test
  void statsCountPendingAndDeadAndTheOldestArrival() {
    assertThat(store.stats()).isEqualTo(new InboxStats(0, 0, null));
    add(InboxEvent.builder("billing", "late", new byte[] {1}).receivedAt(T0.plusSeconds(5))
        .build());
    add(event("early"));

    assertThat(store.stats()).isEqualTo(new InboxStats(2, 0, T0));
  }
}
