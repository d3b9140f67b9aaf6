package dev.hookmesh.delivery.internal;

import dev.hookmesh.delivery.Delivery;
import dev.hookmesh.delivery.DeliveryAttempt;
import dev.hookmesh.delivery.DeliveryResult;
import dev.hookmesh.delivery.DeliveryStatus;
import dev.hookmesh.delivery.DeliveryStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The results callers may wait on, by delivery: completed when this client finishes the
 * delivery, and otherwise looked up in the store now and then, so a result still completes when
 * another instance finished the delivery, and fails when the transaction that sent it rolled
 * back (the store never had it).
 */
final class ResultTracker {

  /** The most unfinished results looked up in one round, which runs on the engine's thread. */
  private static final int MAX_LOOKUPS = 1_000;
  private static final System.Logger LOG = System.getLogger(ResultTracker.class.getName());

  private record Key(String messageId, String endpointId) {}

  /** A result, and when the store is next asked about its delivery. */
  private static final class Tracked extends CompletableFuture<DeliveryResult> {
    private final Instant registeredAt;
    private Instant lookAt;

    Tracked(Instant registeredAt, Instant lookAt) {
      this.registeredAt = registeredAt;
      this.lookAt = lookAt;
    }
  }

  private final DeliveryStore store;
  private final Clock clock;
  private final Duration firstLook;
  private final Map<Key, Tracked> results = new ConcurrentHashMap<>();
  private volatile boolean storeLooksUp = true;

  /**
   * @param firstLook how long after a send the store is first asked: two leases, by when an
   *     instance that claimed the delivery has finished or lost it
   */
  ResultTracker(DeliveryStore store, Clock clock, Duration firstLook) {
    this.store = store;
    this.clock = clock;
    this.firstLook = firstLook;
  }

  /**
   * A result registered for a delivery about to be stored.
   *
   * @param future completes with the result
   * @param fresh whether it is new; {@code false} when a pending delivery's is reused
   */
  record Registration(CompletableFuture<DeliveryResult> future, boolean fresh) {}

  /**
   * The result of a delivery about to be stored, registered first so no one can finish it
   * unheard; a delivery still pending keeps its result.
   */
  Registration register(String messageId, String endpointId) {
    Instant now = clock.instant();
    Tracked created = new Tracked(now, now.plus(firstLook));
    Tracked pending = results.putIfAbsent(new Key(messageId, endpointId), created);
    return pending != null ? new Registration(pending, false) : new Registration(created, true);
  }

  /** Tracks a delivery made pending again, replacing an earlier result. */
  Delivery track(String messageId, String endpointId) {
    Instant now = clock.instant();
    Tracked result = new Tracked(now, now.plus(firstLook));
    results.put(new Key(messageId, endpointId), result);
    return new Delivery(messageId, endpointId, result);
  }

  /**
   * A handle on a stored delivery this client may not be making: finished at once if the
   * store says it finished, otherwise completed when it does, here or looked up later.
   */
  Delivery lookUp(String messageId, String endpointId) {
    Registration registration = register(messageId, endpointId);
    CompletableFuture<DeliveryResult> future = registration.future();
    if (storeLooksUp && !future.isDone()) {
      try {
        Optional<DeliveryStatus> status = store.status(messageId, endpointId);
        if (status.isPresent() && status.get().finished()) {
          Key key = new Key(messageId, endpointId);
          results.remove(key, future);
          future.complete(finishedElsewhere(key, status.get(), clock.instant()));
        }
      } catch (UnsupportedOperationException e) {
        storeLooksUp = false;
      }
    }
    return new Delivery(messageId, endpointId, future);
  }

  /**
   * Handles on every stored delivery of a message: its deliveries' statuses in one read, and
   * the attempt log in one more if any finished.
   */
  List<Delivery> lookUpAll(String messageId) {
    Map<String, DeliveryStatus> statuses = store.statuses(messageId);
    List<Delivery> deliveries = new ArrayList<>(statuses.size());
    @Nullable List<DeliveryAttempt> log = null;
    Instant now = clock.instant();
    for (Map.Entry<String, DeliveryStatus> entry : statuses.entrySet()) {
      String endpointId = entry.getKey();
      CompletableFuture<DeliveryResult> future = register(messageId, endpointId).future();
      DeliveryStatus status = entry.getValue();
      if (status.finished() && !future.isDone()) {
        if (log == null) {
          log = store.attempts(messageId);
        }
        Key key = new Key(messageId, endpointId);
        results.remove(key, future);
        future.complete(finishedElsewhere(key, status, now, log));
      }
      deliveries.add(new Delivery(messageId, endpointId, future));
    }
    return deliveries;
  }

  /** Forgets a result whose delivery was never stored. */
  void forget(String messageId, String endpointId) {
    results.remove(new Key(messageId, endpointId));
  }

  /** Completes a result this client finished. */
  void complete(DeliveryResult result) {
    CompletableFuture<DeliveryResult> future =
        results.remove(new Key(result.messageId(), result.endpointId()));
    if (future != null) {
      future.complete(result);
    }
  }

  /** Fails every result not yet complete: the client closed first. */
  void failAll(IllegalStateException closed) {
    results.values().forEach(future -> future.completeExceptionally(closed));
    results.clear();
  }

  /**
   * Completes results this client will never complete itself. A result is looked up two leases
   * after the send, then again after twice its age each time, so a delivery retrying for days
   * costs a handful of lookups.
   */
  void lookUpUnfinished() {
    if (!storeLooksUp) {
      return;
    }
    Instant now = clock.instant();
    int lookups = 0;
    for (Map.Entry<Key, Tracked> entry : results.entrySet()) {
      Key key = entry.getKey();
      Tracked result = entry.getValue();
      if (result.isDone() || now.isBefore(result.lookAt)) {
        continue;
      }
      if (++lookups > MAX_LOOKUPS) {
        return; // the rest at the next round: claims are waiting on this thread
      }
      Optional<DeliveryStatus> status;
      try {
        status = store.status(key.messageId(), key.endpointId());
      } catch (UnsupportedOperationException e) {
        storeLooksUp = false; // such results complete only when this client finishes them
        return;
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING,
            "Could not look up unfinished deliveries; trying again later", e);
        return;
      }
      Duration age = Duration.between(result.registeredAt, now);
      if (status.isEmpty()) {
        results.remove(key, result);
        result.completeExceptionally(new IllegalStateException("The delivery of "
            + key.messageId() + " to " + key.endpointId() + " was not in the store " + age
            + " after it was sent: the transaction that sent it rolled back"));
      } else if (status.get().finished()) {
        results.remove(key, result);
        result.complete(finishedElsewhere(key, status.get(), now));
      } else {
        result.lookAt = now.plus(age);
      }
    }
  }

  // The result of a delivery another instance finished, from the store's record of it.
  private DeliveryResult finishedElsewhere(Key key, DeliveryStatus status, Instant now) {
    return finishedElsewhere(key, status, now, store.attempts(key.messageId()));
  }

  private static DeliveryResult finishedElsewhere(Key key, DeliveryStatus status, Instant now,
      List<DeliveryAttempt> log) {
    @Nullable DeliveryAttempt last = null;
    for (DeliveryAttempt attempt : log) {
      if (attempt.endpointId().equals(key.endpointId())) {
        last = attempt;
      }
    }
    Instant finishedAt = status.finishedAt() != null ? status.finishedAt() : now;
    return new DeliveryResult(key.messageId(), key.endpointId(),
        Objects.requireNonNull(status.outcome()), last == null ? 0 : last.attempt(), last,
        finishedAt);
  }
}
