package dev.hookmesh.delivery;

import dev.hookmesh.WebhookMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The default {@link DeliveryStore}: everything in this process's heap, lost when it exits.
 * Right for tests, for development, and for senders that can afford to lose pending retries
 * on a restart; use a database-backed store otherwise.
 *
 * <p>Compact by design: a pending delivery costs a few hundred bytes beyond its payload (the
 * body array is shared between the message and its deliveries, never copied). Finished
 * messages and their attempt logs are kept until {@link #purgeFinished()}. Thread-safe; every
 * operation takes one lock and is O(log n) in the number of pending deliveries, except that
 * {@link #claimDue} passes over due deliveries of skipped endpoints.
 */
public final class InMemoryDeliveryStore implements DeliveryStore {

  private static final long NONE = Long.MIN_VALUE;

  private final Map<String, Entry> messages = new HashMap<>();
  // Pending deliveries by the time they can next be claimed: the due time, or the lease expiry.
  private final TreeSet<Delivery> queue = new TreeSet<>(
      Comparator.comparingLong((Delivery d) -> d.visibleAt()).thenComparingLong(d -> d.sequence));
  private long sequence;

  /** Creates an empty store. */
  public InMemoryDeliveryStore() {}

  /** A stored message, its deliveries and its attempt log. */
  private static final class Entry {
    final WebhookMessage message;
    Delivery[] deliveries = NO_DELIVERIES;
    @Nullable List<DeliveryAttempt> attempts;

    Entry(WebhookMessage message) {
      this.message = message;
    }
  }

  private static final Delivery[] NO_DELIVERIES = new Delivery[0];

  /** One message to one endpoint; times are epoch milliseconds. */
  private static final class Delivery {
    final Entry entry;
    final String endpointId;
    final long sequence;
    int attempts;
    long firstAttemptAt = NONE;
    long due;
    @Nullable String leaseOwner;
    long leaseExpiry;
    @Nullable DeliveryOutcome outcome;

    Delivery(Entry entry, String endpointId, long sequence) {
      this.entry = entry;
      this.endpointId = endpointId;
      this.sequence = sequence;
    }

    long visibleAt() {
      return leaseOwner == null ? due : leaseExpiry;
    }

    PendingDelivery toPending() {
      return new PendingDelivery(entry.message, endpointId, attempts,
          firstAttemptAt == NONE ? null : Instant.ofEpochMilli(firstAttemptAt),
          Instant.ofEpochMilli(due), leaseOwner,
          leaseOwner == null ? null : Instant.ofEpochMilli(leaseExpiry));
    }
  }

  @Override
  public synchronized boolean enqueue(WebhookMessage message, String endpointId, Instant due) {
    Entry entry = entryFor(message);
    Delivery existing = find(entry, endpointId);
    if (existing != null && existing.outcome == null) {
      return false;
    }
    Delivery delivery = existing != null ? existing : add(entry, endpointId);
    delivery.outcome = null;
    delivery.attempts = 0;
    delivery.firstAttemptAt = NONE;
    delivery.due = due.toEpochMilli();
    queue.add(delivery);
    return true;
  }

  @Override
  public synchronized void saveMessage(WebhookMessage message) {
    entryFor(message);
  }

  private Entry entryFor(WebhookMessage message) {
    Objects.requireNonNull(message.body(), "body");
    return messages.computeIfAbsent(message.id(), id -> new Entry(message));
  }

  private Delivery add(Entry entry, String endpointId) {
    Delivery delivery = new Delivery(entry, endpointId, sequence++);
    Delivery[] grown = Arrays.copyOf(entry.deliveries, entry.deliveries.length + 1);
    grown[grown.length - 1] = delivery;
    entry.deliveries = grown;
    return delivery;
  }

  private static @Nullable Delivery find(Entry entry, String endpointId) {
    for (Delivery delivery : entry.deliveries) {
      if (delivery.endpointId.equals(endpointId)) {
        return delivery;
      }
    }
    return null;
  }

  @Override
  public synchronized List<PendingDelivery> claimDue(
      Instant now, int max, Set<String> skipEndpoints, Duration lease, String owner) {
    long nowMillis = now.toEpochMilli();
    long expiry = now.plus(lease).toEpochMilli();
    List<Delivery> claimed = new ArrayList<>();
    for (Iterator<Delivery> it = queue.iterator(); it.hasNext() && claimed.size() < max; ) {
      Delivery delivery = it.next();
      if (delivery.visibleAt() > nowMillis) {
        break;
      }
      if (!skipEndpoints.contains(delivery.endpointId)) {
        it.remove();
        claimed.add(delivery);
      }
    }
    List<PendingDelivery> result = new ArrayList<>(claimed.size());
    for (Delivery delivery : claimed) {
      delivery.leaseOwner = owner;
      delivery.leaseExpiry = expiry;
      queue.add(delivery);
      result.add(delivery.toPending());
    }
    return result;
  }

  @Override
  public synchronized boolean reschedule(
      PendingDelivery claimed, Instant due, int attempts, @Nullable Instant firstAttemptAt) {
    Delivery delivery = leased(claimed);
    if (delivery == null) {
      return false;
    }
    queue.remove(delivery);
    delivery.leaseOwner = null;
    delivery.due = due.toEpochMilli();
    delivery.attempts = attempts;
    delivery.firstAttemptAt = firstAttemptAt == null ? NONE : firstAttemptAt.toEpochMilli();
    queue.add(delivery);
    return true;
  }

  @Override
  public synchronized boolean complete(PendingDelivery claimed, DeliveryOutcome outcome) {
    Delivery delivery = leased(claimed);
    if (delivery == null) {
      return false;
    }
    queue.remove(delivery);
    delivery.leaseOwner = null;
    delivery.outcome = outcome;
    return true;
  }

  // The delivery, if the claim's owner still holds its lease.
  private @Nullable Delivery leased(PendingDelivery claimed) {
    Entry entry = messages.get(claimed.messageId());
    Delivery delivery = entry == null ? null : find(entry, claimed.endpointId());
    if (delivery == null || delivery.outcome != null
        || !Objects.equals(delivery.leaseOwner, claimed.leaseOwner())
        || claimed.leaseExpiry() == null
        || delivery.leaseExpiry != claimed.leaseExpiry().toEpochMilli()) {
      return null;
    }
    return delivery;
  }

  @Override
  public synchronized void recordAttempt(DeliveryAttempt attempt) {
    Entry entry = messages.get(attempt.messageId());
    if (entry == null) {
      throw new IllegalStateException("No message " + attempt.messageId() + " in the store");
    }
    if (entry.attempts == null) {
      entry.attempts = new ArrayList<>(2);
    }
    entry.attempts.add(attempt);
  }

  @Override
  public synchronized Optional<WebhookMessage> message(String messageId) {
    Entry entry = messages.get(messageId);
    return entry == null ? Optional.empty() : Optional.of(entry.message);
  }

  @Override
  public synchronized List<DeliveryAttempt> attempts(String messageId) {
    Entry entry = messages.get(messageId);
    return entry == null || entry.attempts == null ? List.of() : List.copyOf(entry.attempts);
  }

  @Override
  public synchronized long pendingCount() {
    return queue.size();
  }

  @Override
  public synchronized Optional<Instant> nextDue() {
    return queue.isEmpty() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(queue.first().visibleAt()));
  }

  /**
   * The pending deliveries, earliest due first, for inspection.
   *
   * @return a snapshot
   */
  public synchronized List<PendingDelivery> pending() {
    List<PendingDelivery> pending = new ArrayList<>(queue.size());
    queue.forEach(delivery -> pending.add(delivery.toPending()));
    return pending;
  }

  @Override
  public synchronized List<String> redeliver(String messageId, Instant due) {
    Entry entry = messages.get(messageId);
    if (entry == null) {
      return List.of();
    }
    List<String> endpoints = new ArrayList<>();
    for (Delivery delivery : entry.deliveries) {
      if (delivery.outcome != null && enqueue(entry.message, delivery.endpointId, due)) {
        endpoints.add(delivery.endpointId);
      }
    }
    return endpoints;
  }

  /**
   * Forgets messages none of whose deliveries is pending, with their attempt logs.
   *
   * @return how many messages were removed
   */
  public synchronized int purgeFinished() {
    int before = messages.size();
    messages.values().removeIf(entry ->
        Arrays.stream(entry.deliveries).allMatch(delivery -> delivery.outcome != null));
    return before - messages.size();
  }

  @Override
  public synchronized String toString() {
    return "InMemoryDeliveryStore[messages=" + messages.size() + ", pending=" + queue.size() + "]";
  }
}
