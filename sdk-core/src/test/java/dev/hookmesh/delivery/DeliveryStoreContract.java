package dev.hookmesh.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookmesh.TraceContext;
import dev.hookmesh.WebhookMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link DeliveryStore} contract, which every store must keep: extend it with a factory for
 * the store under test. The in-memory store, H2 and PostgreSQL all run it.
 */
public abstract class DeliveryStoreContract {

  protected static final Instant T0 = Instant.parse("2026-11-23T06:00:00Z");
  protected static final Duration LEASE = Duration.ofMinutes(5);

  protected DeliveryStore store;

  /** A new, empty store. */
  protected abstract DeliveryStore newStore();

  @BeforeEach
  void createStore() {
    store = newStore();
  }

  protected static WebhookMessage message(String id) {
    return WebhookMessage.builder("invoice.paid").id(id)
        .body(("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8), "application/json")
        .createdAt(T0)
        .build();
  }

  protected static List<DeliveryTarget> targets(String... endpointIds) {
    return Arrays.stream(endpointIds).map(DeliveryTarget::unordered).toList();
  }

  protected static WebhookMessage ordered(String id, String key) {
    return message(id).newBuilder().orderingKey(key).build();
  }

  protected List<PendingDelivery> claim(Instant now, String owner) {
    return store.claimDue(now, 10, Set.of(), LEASE, owner);
  }

  protected static DeliveryAttempt attempt(String messageId, int number) {
    return new DeliveryAttempt(messageId, "ep", number, T0, Duration.ofMillis(3), 500,
        Map.of("retry-after", List.of("30")), "{\"error\":\"down\"}", null);
  }

  @Test
  void claimsOnlyWhatIsDueEarliestFirst() {
    store.enqueue(message("m2"), "ep", T0.plusSeconds(2));
    store.enqueue(message("m1"), "ep", T0.plusSeconds(1));
    store.enqueue(message("m3"), "ep", T0.plusSeconds(60));

    List<PendingDelivery> claimed = claim(T0.plusSeconds(5), "a");

    assertThat(claimed).extracting(PendingDelivery::messageId).containsExactly("m1", "m2");
    assertThat(claimed).allSatisfy(p -> {
      assertThat(p.leaseOwner()).isEqualTo("a");
      assertThat(p.leaseExpiry()).isEqualTo(T0.plusSeconds(5).plus(LEASE));
      assertThat(p.attempts()).isZero();
      assertThat(p.firstAttemptAt()).isNull();
    });
  }

  @Test
  void keepsTheApplicationAMessageWasPublishedTo() {
    store.enqueue(message("m1").newBuilder().application("app_acme").build(), "ep", T0);
    store.enqueue(message("m2"), "ep", T0);

    assertThat(store.message("m1")).map(WebhookMessage::application).contains("app_acme");
    assertThat(claim(T0, "a")).extracting(p -> p.message().application())
        .containsExactlyInAnyOrder("app_acme", null);
  }

  @Test
  void keepsTheTraceAMessageWasSentInThroughEveryWayItIsRead() {
    TraceContext trace = TraceContext.of(Map.of(
        "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        "tracestate", "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7"));
    WebhookMessage traced =
        message("m1").newBuilder().application("app_acme").traceContext(trace).build();
    store.enqueue(traced, "ep", T0);
    store.enqueue(message("m2"), "ep", T0);
    List<List<PendingDelivery>> handed = new ArrayList<>();
    store.enqueueClaimed(message("m3").withTraceContext(trace), targets("ep", "other"), T0, LEASE,
        "b", handed::add);

    assertThat(store.message("m1")).map(WebhookMessage::traceContext).contains(trace);
    assertThat(store.message("m2")).map(WebhookMessage::traceContext)
        .contains(TraceContext.NONE);
    assertThat(claim(T0, "a")).filteredOn(p -> !p.messageId().equals("m3"))
        .extracting(p -> p.message().traceContext())
        .containsExactlyInAnyOrder(trace, TraceContext.NONE);
    assertThat(handed).flatMap(deliveries -> deliveries)
        .allSatisfy(p -> assertThat(p.message().traceContext()).isEqualTo(trace));
  }

  @Test
  void listsAMessageWithTheTraceItWasSentIn() {
    TraceContext trace = TraceContext.of(Map.of(
        "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
    store.enqueue(message("m1").newBuilder().application("app_acme").traceContext(trace).build(),
        "ep", T0);

    assertThat(store.messages(MessageQuery.of("app_acme")))
        .extracting(stored -> stored.message().traceContext()).containsExactly(trace);
  }

  @Test
  void listsAnApplicationsMessagesAPageAtATimeEitherWay() {
    for (int i = 1; i <= 5; i++) {
      store.enqueue(message("m" + i).newBuilder().application("app_a")
          .build(), "ep", T0);
    }
    store.saveMessage(WebhookMessage.builder("order.created").id("m6").application("app_a")
        .body(new byte[] {'{', '}'}, "application/json").createdAt(T0).build());
    store.enqueue(message("m7").newBuilder().application("app_b").build(), "ep", T0);
    store.enqueue(message("m8"), "ep", T0);

    List<StoredMessage> newest = store.messages(MessageQuery.of("app_a").limit(2));
    assertThat(ids(newest)).containsExactly("m6", "m5");
    List<StoredMessage> next = store.messages(
        MessageQuery.of("app_a").limit(2).after(newest.get(1).cursor()));
    assertThat(ids(next)).containsExactly("m4", "m3");
    MessageCursor kept = MessageCursor.parse(next.get(1).cursor().encode());
    assertThat(ids(store.messages(MessageQuery.of("app_a").after(kept))))
        .containsExactly("m2", "m1");

    assertThat(ids(store.messages(MessageQuery.of("app_a").oldestFirst().limit(3))))
        .containsExactly("m1", "m2", "m3");
    assertThat(ids(store.messages(MessageQuery.of("app_a").oldestFirst().after(kept))))
        .containsExactly("m4", "m5", "m6");
    assertThat(ids(store.messages(MessageQuery.of("app_a").eventType("order.created"))))
        .containsExactly("m6");
    assertThat(ids(store.messages(MessageQuery.of("app_b")))).containsExactly("m7");
    assertThat(store.messages(MessageQuery.of("app_a").between(null, Instant.EPOCH))).isEmpty();
  }

  private static List<String> ids(List<StoredMessage> page) {
    return page.stream().map(stored -> stored.message().id()).toList();
  }

  @Test
  void listsTheAttemptsOfAnEndpointsFinishedDeliveries() {
    store.enqueue(message("m1"), "ep", T0);
    store.enqueue(message("m2"), "ep", T0);
    store.enqueue(message("m3"), "other", T0);
    for (PendingDelivery claimed : claim(T0, "a")) {
      DeliveryAttempt attempt = new DeliveryAttempt(claimed.messageId(), claimed.endpointId(), 1,
          T0.plusSeconds(1), Duration.ofMillis(claimed.messageId().equals("m1") ? 40 : 7),
          claimed.messageId().equals("m2") ? 503 : 204, Map.of(), "", null);
      if (claimed.messageId().equals("m2")) {
        store.recordAttempt(attempt); // still retrying: counted once it finishes
        store.reschedule(claimed, T0.plusSeconds(60), 1, T0.plusSeconds(1));
      } else {
        store.complete(claimed, DeliveryOutcome.DELIVERED, attempt);
      }
    }

    List<DeliveryAttempt> recent = store.recentAttempts("ep", T0, 100);

    assertThat(recent).extracting(DeliveryAttempt::messageId).containsExactly("m1");
    assertThat(recent.get(0).duration()).isEqualTo(Duration.ofMillis(40));
    assertThat(store.recentAttempts("ep", T0.plusSeconds(2), 100)).isEmpty();
  }

  @Test
  void claimsTheStoredMessageWithItsBody() {
    WebhookMessage message = message("m1");
    store.enqueue(message, "ep", T0);

    PendingDelivery claimed = claim(T0, "a").get(0);

    assertThat(claimed.message().id()).isEqualTo("m1");
    assertThat(claimed.message().eventType()).isEqualTo("invoice.paid");
    assertThat(claimed.message().contentType()).isEqualTo("application/json");
    assertThat(claimed.message().createdAt()).isEqualTo(T0);
    assertThat(claimed.message().body()).containsExactly(message.body());
    assertThat(claimed.due()).isEqualTo(T0);
  }

  @Test
  void claimsAMessagesDeliveriesToEveryEndpointWithItsBody() {
    WebhookMessage message = message("m1");
    store.enqueue(message, "ep", T0);
    store.enqueue(message, "other", T0.plusMillis(1));
    store.enqueue(message("m2"), "ep", T0.plusMillis(2));

    List<PendingDelivery> claimed = claim(T0.plusSeconds(1), "a");

    assertThat(claimed).extracting(PendingDelivery::messageId, PendingDelivery::endpointId)
        .containsExactly(tuple("m1", "ep"), tuple("m1", "other"), tuple("m2", "ep"));
    assertThat(claimed.get(1).message().body()).containsExactly(message.body());
    assertThat(claimed).allSatisfy(p -> assertThat(p.leaseOwner()).isEqualTo("a"));
  }

  @Test
  void enqueuesAMessageForSeveralEndpointsAtOnce() {
    WebhookMessage message = message("m1");

    assertThat(store.enqueueAll(message, List.of("ep", "other", "third"), T0)).isEqualTo(3);
    assertThat(store.enqueueAll(message, List.of("ep", "fourth"), T0))
        .as("the pending delivery to ep is left as it is").isEqualTo(1);

    assertThat(store.pendingCount()).isEqualTo(4);
    assertThat(claim(T0, "a")).extracting(PendingDelivery::endpointId)
        .containsExactlyInAnyOrder("ep", "other", "third", "fourth");
  }

  @Test
  void tellsWhereADeliveryStandsOrThatItCannot() {
    store.enqueue(message("m1"), "ep", T0);
    Optional<DeliveryStatus> pending;
    try {
      pending = store.status("m1", "ep");
    } catch (UnsupportedOperationException e) {
      // The contract allows it: the client then waits for deliveries it finishes itself.
      assertThat(e).hasMessageContaining("does not look up deliveries");
      return;
    }
    assertThat(pending).contains(DeliveryStatus.PENDING);
    assertThat(store.status("m1", "other")).isEmpty();
    assertThat(store.status("nope", "ep")).isEmpty();

    store.complete(claim(T0, "a").get(0), DeliveryOutcome.EXHAUSTED);

    assertThat(store.status("m1", "ep")).hasValueSatisfying(status -> {
      assertThat(status.finished()).isTrue();
      assertThat(status.outcome()).isEqualTo(DeliveryOutcome.EXHAUSTED);
    });
  }

  @Test
  void claimsNoMoreThanAsked() {
    for (int i = 0; i < 5; i++) {
      store.enqueue(message("m" + i), "ep", T0);
    }

    assertThat(store.claimDue(T0, 3, Set.of(), LEASE, "a")).hasSize(3);
    assertThat(store.claimDue(T0, 3, Set.of(), LEASE, "b")).hasSize(2);
  }

  @Test
  void aLeasedDeliveryIsNotClaimedAgainUntilTheLeaseExpires() {
    store.enqueue(message("m1"), "ep", T0);
    claim(T0, "a");

    assertThat(claim(T0.plusSeconds(60), "b")).isEmpty();
    assertThat(claim(T0.plus(LEASE), "b")).extracting(PendingDelivery::leaseOwner)
        .containsExactly("b");
  }

  @Test
  void onlyTheLeaseHolderMayRescheduleOrComplete() {
    store.enqueue(message("m1"), "ep", T0);
    PendingDelivery stale = claim(T0, "a").get(0);
    PendingDelivery current = claim(T0.plus(LEASE), "b").get(0);

    assertThat(store.complete(stale, DeliveryOutcome.DELIVERED)).isFalse();
    assertThat(store.reschedule(stale, T0, 1, T0)).isFalse();
    assertThat(store.reschedule(current, T0.plusSeconds(600), 1, T0)).isTrue();

    assertThat(claim(T0.plusSeconds(599), "c")).isEmpty();
    assertThat(claim(T0.plusSeconds(600), "c")).singleElement().satisfies(p -> {
      assertThat(p.attempts()).isEqualTo(1);
      assertThat(p.firstAttemptAt()).isEqualTo(T0);
      assertThat(p.due()).isEqualTo(T0.plusSeconds(600));
    });
  }

  @Test
  void skipsBusyEndpoints() {
    store.enqueue(message("m1"), "busy", T0);
    store.enqueue(message("m2"), "free", T0);

    assertThat(store.claimDue(T0, 10, Set.of("busy"), LEASE, "a"))
        .extracting(PendingDelivery::endpointId).containsExactly("free");
  }

  @Test
  void completingRemovesFromThePendingButKeepsTheRecord() {
    store.enqueue(message("m1"), "ep", T0);
    store.recordAttempt(attempt("m1", 1));

    assertThat(store.complete(claim(T0, "a").get(0), DeliveryOutcome.DELIVERED)).isTrue();

    assertThat(store.pendingCount()).isZero();
    assertThat(store.nextDue()).isEmpty();
    assertThat(store.message("m1")).hasValueSatisfying(m -> assertThat(m.id()).isEqualTo("m1"));
    assertThat(store.attempts("m1")).containsExactly(attempt("m1", 1));
    assertThat(claim(T0.plus(Duration.ofDays(1)), "b")).isEmpty();
  }

  @Test
  void completingWithTheAttemptRecordsItAndFinishes() {
    store.enqueue(message("m1"), "ep", T0);
    PendingDelivery claimed = claim(T0, "a").get(0);

    assertThat(store.complete(claimed, DeliveryOutcome.DELIVERED, attempt("m1", 1))).isTrue();

    assertThat(store.pendingCount()).isZero();
    assertThat(store.attempts("m1")).containsExactly(attempt("m1", 1));
    assertThat(claim(T0.plus(Duration.ofDays(1)), "b")).isEmpty();
  }

  @Test
  void aFormerLeaseHolderCompletingWithItsAttemptRecordsItButFinishesNothing() {
    store.enqueue(message("m1"), "ep", T0);
    PendingDelivery stale = claim(T0, "a").get(0);
    PendingDelivery current = claim(T0.plus(LEASE), "b").get(0);

    assertThat(store.complete(stale, DeliveryOutcome.DELIVERED, attempt("m1", 1))).isFalse();

    assertThat(store.attempts("m1")).containsExactly(attempt("m1", 1));
    assertThat(store.pendingCount()).isOne();
    assertThat(store.complete(current, DeliveryOutcome.DELIVERED, attempt("m1", 2))).isTrue();
    assertThat(store.attempts("m1")).containsExactly(attempt("m1", 1), attempt("m1", 2));
    assertThat(store.pendingCount()).isZero();
  }

  @Test
  void enqueueIsIdempotentWhilePending() {
    WebhookMessage message = message("m1");

    assertThat(store.enqueue(message, "ep", T0)).isTrue();
    assertThat(store.enqueue(message, "ep", T0.plusSeconds(9))).isFalse();
    assertThat(store.enqueue(message, "other", T0)).isTrue();

    assertThat(store.pendingCount()).isEqualTo(2);
  }

  @Test
  void keepsTheFirstBodyStoredForAnId() {
    store.saveMessage(message("m1"));
    store.saveMessage(WebhookMessage.builder("other.type").id("m1")
        .body(new byte[] {1, 2, 3}, "application/octet-stream").build());

    assertThat(store.message("m1")).hasValueSatisfying(m -> {
      assertThat(m.eventType()).isEqualTo("invoice.paid");
      assertThat(m.contentType()).isEqualTo("application/json");
    });
  }

  @Test
  void redeliverMakesFinishedDeliveriesPendingWithFreshCounts() {
    store.enqueue(message("m1"), "ep", T0);
    store.reschedule(claim(T0, "a").get(0), T0, 3, T0);
    store.complete(claim(T0, "a").get(0), DeliveryOutcome.EXHAUSTED);

    assertThat(store.redeliver("m1", T0.plusSeconds(1))).containsExactly("ep");
    assertThat(store.redeliver("m1", T0.plusSeconds(1))).isEmpty();
    assertThat(claim(T0.plusSeconds(1), "b")).singleElement().satisfies(p -> {
      assertThat(p.attempts()).isZero();
      assertThat(p.firstAttemptAt()).isNull();
    });
    assertThat(store.redeliver("unknown", T0)).isEmpty();
  }

  @Test
  void nextDueIsTheEarliestDueTimeOrLeaseExpiry() {
    store.enqueue(message("m1"), "ep", T0);
    store.enqueue(message("m2"), "ep", T0.plusSeconds(900));
    assertThat(store.nextDue()).contains(T0);

    store.claimDue(T0, 1, Set.of(), LEASE, "a");

    assertThat(store.nextDue()).contains(T0.plus(LEASE));
  }

  @Test
  void recordingAnAttemptForAnUnknownMessageFails() {
    assertThatThrownBy(() -> store.recordAttempt(attempt("nope", 1)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("nope");
  }

  @Test
  void keepsTheAttemptLogInOrderAcrossEndpoints() {
    store.enqueue(message("m1"), "ep", T0);
    store.enqueue(message("m1"), "other", T0);
    DeliveryAttempt second = new DeliveryAttempt("m1", "other", 1, T0.plusSeconds(1),
        Duration.ofMillis(12), 204, Map.of(), "", null);
    DeliveryAttempt third = new DeliveryAttempt("m1", "ep", 2, T0.plusSeconds(2),
        Duration.ofMillis(5000), 0, Map.of(), "", "timeout");

    store.recordAttempt(attempt("m1", 1));
    store.recordAttempt(second);
    store.recordAttempt(third);

    assertThat(store.attempts("m1")).containsExactly(attempt("m1", 1), second, third);
    assertThat(store.attempts("unknown")).isEmpty();
  }

  @Test
  void redeliversEveryFailedDeliveryToAnEndpointSinceATime() {
    for (String id : List.of("failed", "delivered", "other-endpoint")) {
      store.enqueue(message(id), id.equals("other-endpoint") ? "other" : "ep", T0);
    }
    for (PendingDelivery claimed : store.claimDue(T0, 10, Set.of(), LEASE, "a")) {
      store.complete(claimed, claimed.messageId().equals("delivered")
          ? DeliveryOutcome.DELIVERED : DeliveryOutcome.EXHAUSTED);
    }

    assertThat(store.redeliverFailed("ep", T0.plusSeconds(60), T0)).isEmpty();
    assertThat(store.redeliverFailed("ep", T0.minusSeconds(60), T0)).containsExactly("failed");
    assertThat(store.redeliverFailed("ep", T0.minusSeconds(60), T0)).isEmpty();
    assertThat(store.pendingCount()).isOne();
    assertThat(claim(T0, "b")).singleElement().satisfies(p -> {
      assertThat(p.messageId()).isEqualTo("failed");
      assertThat(p.attempts()).isZero();
    });
  }

  @Test
  void honoursTheLeaseOfAClaimMadeWithANanosecondClock() {
    Instant now = T0.plusNanos(123_456_789);
    store.enqueue(message("m1"), "ep", now);
    store.enqueue(message("m2"), "ep", now);
    List<PendingDelivery> claimed = store.claimDue(now, 2, Set.of(), LEASE, "a");

    assertThat(store.reschedule(claimed.get(0), now.plusNanos(987_654_321), 1, now)).isTrue();
    assertThat(store.complete(claimed.get(1), DeliveryOutcome.DELIVERED)).isTrue();
    assertThat(store.pendingCount()).isOne();
  }

  @Test
  void orderedDeliveriesOfAKeyAreClaimedOneAtATimeInTheOrderStored() {
    store.enqueue(ordered("m1", "order-1"), "ep", T0);
    store.enqueue(ordered("m2", "order-1"), "ep", T0);
    store.enqueue(ordered("m3", "order-2"), "ep", T0);
    store.enqueue(message("m4"), "ep", T0);

    List<PendingDelivery> first = claim(T0, "a");

    assertThat(first).extracting(PendingDelivery::messageId)
        .containsExactlyInAnyOrder("m1", "m3", "m4");
    assertThat(find(first, "m1").orderingKey()).isEqualTo("order-1");
    assertThat(find(first, "m4").orderingKey()).isNull();
    assertThat(claim(T0.plus(LEASE).minusSeconds(1), "b")).as("m2 waits for m1").isEmpty();

    // A retry holds its key back: m2 still waits while m1 is pending again.
    assertThat(store.reschedule(find(first, "m1"), T0.plusSeconds(30), 1, T0)).isTrue();
    assertThat(claim(T0.plusSeconds(10), "b")).isEmpty();
    PendingDelivery retried = claim(T0.plusSeconds(30), "b").get(0);
    assertThat(retried.messageId()).isEqualTo("m1");
    assertThat(store.complete(retried, DeliveryOutcome.EXHAUSTED)).isTrue();

    assertThat(claim(T0.plusSeconds(31), "c")).extracting(PendingDelivery::messageId)
        .containsExactly("m2");
  }

  @Test
  void aKeyOrdersEachEndpointOnItsOwn() {
    WebhookMessage m1 = ordered("m1", "k");
    store.enqueue(m1, "ep", T0);
    store.enqueue(m1, "other", T0);
    store.enqueue(ordered("m2", "k"), "other", T0);

    PendingDelivery atEp = find(claim(T0, "a"), "m1");
    assertThat(store.complete(atEp, DeliveryOutcome.DELIVERED)).isTrue();

    assertThat(claim(T0.plus(LEASE).plusSeconds(1), "b"))
        .as("other's m1 came back when a's lease ran out; m2 still waits for it")
        .extracting(PendingDelivery::messageId, PendingDelivery::endpointId)
        .containsExactly(tuple("m1", "other"));
  }

  @Test
  void anOrderedTargetIsStoredUnleasedForAClaimWithItsKey() {
    List<List<PendingDelivery>> handed = new ArrayList<>();
    boolean allLeased = store.enqueueClaimed(message("m1"),
        List.of(DeliveryTarget.unordered("ep"),
            new DeliveryTarget("fifo", DeliveryTarget.WHOLE_ENDPOINT)),
        T0, LEASE, "a", handed::add);
    store.enqueueClaimed(message("m2"),
        List.of(new DeliveryTarget("fifo", DeliveryTarget.WHOLE_ENDPOINT)), T0, LEASE, "a",
        handed::add);

    assertThat(allLeased).isFalse();
    assertThat(handed.stream().flatMap(List::stream).map(PendingDelivery::endpointId))
        .doesNotContain("fifo");
    PendingDelivery fifo = claim(T0, "b").stream()
        .filter(p -> p.endpointId().equals("fifo")).findFirst().orElseThrow();
    assertThat(fifo.messageId()).isEqualTo("m1");
    assertThat(fifo.orderingKey()).isEqualTo(DeliveryTarget.WHOLE_ENDPOINT);
    assertThat(store.complete(fifo, DeliveryOutcome.DELIVERED)).isTrue();
    assertThat(claim(T0, "b")).extracting(PendingDelivery::messageId, PendingDelivery::orderingKey)
        .contains(tuple("m2", DeliveryTarget.WHOLE_ENDPOINT));
  }

  @Test
  void aRedeliveredOrderedDeliveryKeepsItsKeyAndItsPlace() {
    store.enqueue(ordered("m1", "k"), "ep", T0);
    PendingDelivery m1 = claim(T0, "a").get(0);
    assertThat(store.complete(m1, DeliveryOutcome.EXHAUSTED)).isTrue();
    store.enqueue(ordered("m2", "k"), "ep", T0);
    PendingDelivery m2 = claim(T0, "a").get(0);

    assertThat(store.redeliver("m1", T0)).containsExactly("ep");

    assertThat(claim(T0.plusSeconds(1), "b")).as("m2 is in flight").isEmpty();
    assertThat(store.complete(m2, DeliveryOutcome.DELIVERED)).isTrue();
    assertThat(claim(T0.plusSeconds(1), "b")).extracting(PendingDelivery::messageId,
        PendingDelivery::orderingKey).containsExactly(tuple("m1", "k"));
  }

  @Test
  void enqueueClaimedLeasesNewDeliveriesAndHandsThemOverOnce() {
    List<List<PendingDelivery>> handed = new ArrayList<>();

    boolean leased = store.enqueueClaimed(message("m1"), targets("ep", "other"), T0, LEASE, "a",
        handed::add);

    if (!leased) {
      assertThat(handed).as("nothing is handed over when nothing was leased").isEmpty();
      assertThat(claim(T0, "b")).hasSize(2);
      return;
    }
    assertThat(handed).singleElement().satisfies(deliveries -> assertThat(deliveries)
        .extracting(PendingDelivery::endpointId, PendingDelivery::attempts,
            PendingDelivery::leaseOwner, PendingDelivery::leaseExpiry, PendingDelivery::due)
        .containsExactlyInAnyOrder(tuple("ep", 0, "a", T0.plus(LEASE), T0),
            tuple("other", 0, "a", T0.plus(LEASE), T0)));
    assertThat(handed.get(0).get(0).message().body()).isEqualTo(message("m1").body());
    assertThat(store.pendingCount()).isEqualTo(2);
    assertThat(claim(T0.plusSeconds(60), "b")).as("leased to a").isEmpty();
    assertThat(store.nextDue()).contains(T0.plus(LEASE));
    assertThat(store.complete(handed.get(0).get(0), DeliveryOutcome.DELIVERED)).isTrue();
  }

  @Test
  void enqueueClaimedLeavesAPendingDeliveryWithItsOwner() {
    store.enqueue(message("m1"), "ep", T0);
    PendingDelivery owned = claim(T0, "a").get(0);
    List<PendingDelivery> handed = new ArrayList<>();

    store.enqueueClaimed(message("m1"), targets("ep", "other"), T0, LEASE, "b", handed::addAll);

    assertThat(handed).extracting(PendingDelivery::endpointId).doesNotContain("ep");
    assertThat(store.complete(owned, DeliveryOutcome.DELIVERED)).as("still a's").isTrue();
  }

  @Test
  void settlesAMixedBatchWhereTheLeaseIsHeldAndLogsEveryAttempt() {
    store.enqueue(message("m1"), "ep", T0);
    store.enqueue(message("m2"), "ep", T0);
    store.enqueue(message("m3"), "ep", T0);
    List<PendingDelivery> claimed = claim(T0, "a");
    PendingDelivery first = find(claimed, "m1");
    PendingDelivery stale = find(claimed, "m3");
    claim(T0.plus(LEASE), "b"); // m3's lease is b's now, with the others'
    PendingDelivery retried = find(claim(T0.plus(LEASE).plus(LEASE), "c"), "m2");

    boolean[] held = store.settle(List.of(
        Settlement.finish(first, DeliveryOutcome.DELIVERED, attempt("m1", 1)),
        Settlement.retry(retried, T0.plusSeconds(3600), 1, T0, attempt("m2", 1)),
        Settlement.finish(stale, DeliveryOutcome.DELIVERED, attempt("m3", 1))));

    assertThat(held).containsExactly(false, true, false);
    assertThat(store.attempts("m1")).containsExactly(attempt("m1", 1));
    assertThat(store.attempts("m2")).containsExactly(attempt("m2", 1));
    assertThat(store.attempts("m3")).containsExactly(attempt("m3", 1));
    assertThat(claim(T0.plusSeconds(3600), "d")).extracting(PendingDelivery::messageId)
        .contains("m2");
  }

  @Test
  void aBatchThatSettlesOneDeliveryTwiceHoldsOnlyTheFirstAndLogsBothAttempts() {
    store.enqueue(message("m1"), "ep", T0);
    store.enqueue(message("m2"), "ep", T0);
    List<PendingDelivery> claimed = claim(T0, "a");
    PendingDelivery m1 = find(claimed, "m1");

    boolean[] held = store.settle(List.of(
        Settlement.retry(m1, T0.plusSeconds(60), 1, T0, attempt("m1", 1)),
        Settlement.finish(find(claimed, "m2"), DeliveryOutcome.DELIVERED, attempt("m2", 1)),
        Settlement.finish(m1, DeliveryOutcome.DELIVERED, attempt("m1", 2))));

    assertThat(held).containsExactly(true, true, false);
    assertThat(store.attempts("m1")).containsExactly(attempt("m1", 1), attempt("m1", 2));
    assertThat(claim(T0.plusSeconds(60), "b")).extracting(PendingDelivery::messageId)
        .containsExactly("m1");
  }

  @Test
  void settlesByFinishingRetryingAndPuttingBack() {
    for (String id : List.of("m1", "m2", "m3")) {
      store.enqueue(message(id), "ep", T0);
    }
    List<PendingDelivery> claimed = claim(T0, "a");

    boolean[] held = store.settle(List.of(
        Settlement.finish(find(claimed, "m1"), DeliveryOutcome.EXHAUSTED, attempt("m1", 1)),
        Settlement.retry(find(claimed, "m2"), T0.plusSeconds(30), 1, T0, attempt("m2", 1)),
        Settlement.putBack(find(claimed, "m3"), T0.plusSeconds(10))));

    assertThat(held).containsExactly(true, true, true);
    assertThat(store.pendingCount()).as("m1 finished").isEqualTo(2);
    assertThat(store.redeliverFailed("ep", T0, T0.plus(Duration.ofDays(1))))
        .as("m1 finished without success").containsExactly("m1");
    assertThat(store.attempts("m3")).isEmpty();
    assertThat(claim(T0.plusSeconds(10), "b")).singleElement().satisfies(p -> {
      assertThat(p.messageId()).isEqualTo("m3");
      assertThat(p.attempts()).isZero();
    });
    assertThat(claim(T0.plusSeconds(30), "b")).singleElement().satisfies(p -> {
      assertThat(p.messageId()).isEqualTo("m2");
      assertThat(p.attempts()).isOne();
      assertThat(p.firstAttemptAt()).isEqualTo(T0);
    });
  }

  private static PendingDelivery find(List<PendingDelivery> claimed, String messageId) {
    return claimed.stream().filter(p -> p.messageId().equals(messageId)).findFirst()
        .orElseThrow(() -> new AssertionError(messageId + " was not claimed"));
  }
}
