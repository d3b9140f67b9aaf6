package dev.hookmesh.delivery;

import dev.hookmesh.WebhookMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The default {@link DeliveryStore}: everything in this process's heap, lost when it exits.
 * Right for tests, for development, and for senders that can afford to lose pending retries
 * on a restart; use a database-backed store otherwise.
 *
 * <p>Compact by design: a pending delivery costs a few hundred bytes beyond its payload (the
 * body array is shared between the message and its deliveries, never copied). Pending
 * deliveries are never dropped. Finished messages, with their attempt logs, are kept for
 * {@link #attempts(String) inspection} and {@link #redeliver(String, Instant) redelivery}, but
 * only the most recently finished {@value #DEFAULT_MAX_FINISHED} by default
 * ({@link #keepingFinished(int)} sets another bound), so a long-running sender's heap does not
 * grow with every message it ever sent; {@link #purgeFinished()} forgets them all at once.
 *
 * <p>Thread-safe; every operation takes one lock and is O(log n) in the number of pending
 * deliveries; a claim also looks at each endpoint with something due once, so a busy
 * endpoint's backlog costs nothing.
 */
public final class InMemoryDeliveryStore implements DeliveryStore {

  /** How many finished messages {@link #InMemoryDeliveryStore()} keeps. */
  public static final int DEFAULT_MAX_FINISHED = 1_000;

  private static final long NONE = Long.MIN_VALUE;

  private static final Comparator<Delivery> BY_VISIBLE_AT =
      Comparator.comparingLong(Delivery::visibleAt).thenComparingLong(d -> d.sequence);
  private static final Comparator<Queue> BY_HEAD =
      Comparator.comparingLong(Queue::headAt).thenComparing(q -> q.endpointId);
  private static final Comparator<Delivery> BY_SEQUENCE = Comparator.comparingLong(d -> d.sequence);

  private final Map<String, Entry> messages = new HashMap<>();
  // Pending deliveries per endpoint, by the time they can next be claimed (the due time, or the
  // lease expiry), and the endpoints by their earliest such time: a busy endpoint's backlog is
  // passed over in one step, not one delivery at a time.
  private final Map<String, Queue> queues = new HashMap<>();
  private final TreeSet<Queue> heads = new TreeSet<>(BY_HEAD);
  // Pending ordered deliveries by endpoint and key, in the order they were stored. Only one of
  // each key is in its endpoint's queue at a time, so a claim can take no other: the first,
  // unless another is still attached because it was reopened behind it.
  private final Map<String, TreeSet<Delivery>> keyed = new HashMap<>();
  // Messages in the order they finished; an entry reopened since it was added is skipped.
  private final ArrayDeque<Finished> finished = new ArrayDeque<>();
  private final int maxFinished;
  private long sequence;
  private long pendingCount;
  private long finishSequence;

  private record Finished(Entry entry, long sequence) {}

  /** One endpoint's pending deliveries; never empty while it is in {@code queues}. */
  private static final class Queue {
    final String endpointId;
    final TreeSet<Delivery> deliveries = new TreeSet<>(BY_VISIBLE_AT);

    Queue(String endpointId) {
      this.endpointId = endpointId;
    }

    long headAt() {
      return deliveries.first().visibleAt();
    }
  }

  /**
   * Creates an empty store that keeps the {@value #DEFAULT_MAX_FINISHED} most recently finished
   * messages.
   */
  public InMemoryDeliveryStore() {
    this(DEFAULT_MAX_FINISHED);
  }

  private InMemoryDeliveryStore(int maxFinished) {
    this.maxFinished = maxFinished;
  }

  /**
   * Creates an empty store that keeps at most this many finished messages, with their attempt
   * logs: when one more finishes, the one that finished first is forgotten. Pending deliveries
   * are never dropped, whatever the bound.
   *
   * @param maxFinished the bound, at least 1
   * @return the store
   * @throws IllegalArgumentException if the bound is less than 1
   */
  public static InMemoryDeliveryStore keepingFinished(int maxFinished) {
    if (maxFinished < 1) {
      throw new IllegalArgumentException("maxFinished must be at least 1, was " + maxFinished);
    }
    return new InMemoryDeliveryStore(maxFinished);
  }

  /** A stored message, its deliveries and its attempt log. */
  private static final class Entry {
    final WebhookMessage message;
    Delivery[] deliveries = NO_DELIVERIES;
    @Nullable List<DeliveryAttempt> attempts;
    // When it last finished (its place in the finished queue), or NONE while something is pending.
    long finishedAt = NONE;

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
    @Nullable String orderingKey;
    boolean attached;
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
          leaseOwner == null ? null : Instant.ofEpochMilli(leaseExpiry), orderingKey);
    }
  }

  @Override
  public synchronized boolean enqueue(WebhookMessage message, String endpointId, Instant due) {
    return add(entryFor(message), endpointId, due.toEpochMilli(), null, 0,
        message.orderingKey()) != null;
  }

  /**
   * Adds a pending delivery, or reopens a finished one, optionally leased; leaves a pending one
   * alone.
   *
   * @return the delivery, or {@code null} if one was pending
   */
  private @Nullable Delivery add(Entry entry, String endpointId, long due,
      @Nullable String leaseOwner, long leaseExpiry, @Nullable String orderingKey) {
    Delivery existing = find(entry, endpointId);
    if (existing != null && existing.outcome == null) {
      return null;
    }
    Delivery delivery = existing != null ? existing : add(entry, endpointId);
    entry.finishedAt = NONE;
    delivery.outcome = null;
    delivery.attempts = 0;
    delivery.firstAttemptAt = NONE;
    delivery.due = due;
    delivery.orderingKey = orderingKey;
    pendingCount++;
    if (orderingKey == null) {
      delivery.leaseOwner = leaseOwner;
      delivery.leaseExpiry = leaseExpiry;
      attach(delivery);
    } else {
      delivery.leaseOwner = null; // a claim takes it when its turn comes
      TreeSet<Delivery> line = keyed.computeIfAbsent(keyOf(delivery), k -> new TreeSet<>(BY_SEQUENCE));
      line.add(delivery);
      promote(line);
    }
    return delivery;
  }

  private static String keyOf(Delivery delivery) {
    return delivery.endpointId + '\0' + delivery.orderingKey;
  }

  /** Puts the first of a key's deliveries in its endpoint's queue, unless one of them is. */
  private void promote(TreeSet<Delivery> line) {
    for (Delivery delivery : line) {
      if (delivery.attached) {
        return;
      }
    }
    attach(line.first());
  }

  /** A finished ordered delivery leaves its key's line, and the next one gets its turn. */
  private void leaveLine(Delivery delivery) {
    if (delivery.orderingKey == null) {
      return;
    }
    String key = keyOf(delivery);
    TreeSet<Delivery> line = keyed.get(key);
    line.remove(delivery);
    if (line.isEmpty()) {
      keyed.remove(key);
    } else {
      promote(line);
    }
  }

  /** Stores them under one lock, and hands the leased ones over once it is released. */
  @Override
  public boolean enqueueClaimed(WebhookMessage message, Collection<DeliveryTarget> targets,
      Instant now, @Nullable Duration lease, String owner,
      Consumer<List<PendingDelivery>> onStored) {
    List<PendingDelivery> leased = new ArrayList<>(targets.size());
    boolean allLeased = addLeased(message, targets, now, lease, owner, leased);
    if (!leased.isEmpty()) {
      onStored.accept(leased);
    }
    return allLeased;
  }

  private synchronized boolean addLeased(WebhookMessage message,
      Collection<DeliveryTarget> targets, Instant now, @Nullable Duration lease, String owner,
      List<PendingDelivery> leased) {
    Entry entry = entryFor(message);
    long expiry = lease == null ? 0 : now.plus(lease).toEpochMilli();
    boolean allLeased = true;
    for (DeliveryTarget target : targets) {
      boolean leasing = lease != null && !target.ordered();
      Delivery delivery = add(entry, target.endpointId(), now.toEpochMilli(),
          leasing ? owner : null, expiry, target.orderingKey());
      if (delivery != null) {
        if (leasing) {
          leased.add(delivery.toPending());
        } else {
          allLeased = false;
        }
      }
    }
    return allLeased;
  }

  /** Enqueues them all under one lock, so a claim sees all of them or none. */
  @Override
  public synchronized int enqueueAll(
      WebhookMessage message, Collection<String> endpointIds, Instant due) {
    return DeliveryStore.super.enqueueAll(message, endpointIds, due);
  }

  // Adds a pending delivery to its endpoint's queue; its times must not change until detached.
  private void attach(Delivery delivery) {
    Queue queue = queues.computeIfAbsent(delivery.endpointId, Queue::new);
    if (!queue.deliveries.isEmpty()) {
      heads.remove(queue);
    }
    queue.deliveries.add(delivery);
    heads.add(queue);
    delivery.attached = true;
  }

  private void detach(Delivery delivery) {
    Queue queue = queues.get(delivery.endpointId);
    heads.remove(queue);
    queue.deliveries.remove(delivery);
    if (queue.deliveries.isEmpty()) {
      queues.remove(delivery.endpointId);
    } else {
      heads.add(queue);
    }
    delivery.attached = false;
  }

  @Override
  public synchronized void saveMessage(WebhookMessage message) {
    Entry entry = entryFor(message);
    if (entry.deliveries.length == 0 && entry.finishedAt == NONE) {
      finished(entry); // stored with nothing pending: an attempt made once, say
    }
  }

  private Entry entryFor(WebhookMessage message) {
    Objects.requireNonNull(message.body(), "body");
    return messages.computeIfAbsent(message.id(), id -> new Entry(message));
  }

  // Queues a message none of whose deliveries is pending, and forgets the oldest beyond the bound.
  private void finished(Entry entry) {
    entry.finishedAt = finishSequence++;
    finished.add(new Finished(entry, entry.finishedAt));
    while (finished.size() > maxFinished) {
      Finished oldest = finished.poll();
      Entry stale = oldest.entry();
      if (stale.finishedAt == oldest.sequence() && messages.get(stale.message.id()) == stale) {
        messages.remove(stale.message.id());
      }
    }
  }

  private static boolean allFinished(Entry entry) {
    for (Delivery delivery : entry.deliveries) {
      if (delivery.outcome == null) {
        return false;
      }
    }
    return true;
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
    PriorityQueue<Queue> candidates = new PriorityQueue<>(BY_HEAD);
    for (Queue queue : heads) {
      if (queue.headAt() > nowMillis) {
        break;
      }
      if (!skipEndpoints.contains(queue.endpointId)) {
        candidates.add(queue);
      }
    }
    List<PendingDelivery> claimed = new ArrayList<>();
    while (claimed.size() < max && !candidates.isEmpty()) {
      Delivery delivery = candidates.poll().deliveries.first();
      detach(delivery);
      delivery.leaseOwner = owner;
      delivery.leaseExpiry = expiry;
      attach(delivery);
      claimed.add(delivery.toPending());
      Queue queue = queues.get(delivery.endpointId);
      if (queue.headAt() <= nowMillis) {
        candidates.add(queue);
      }
    }
    return claimed;
  }

  @Override
  public synchronized boolean reschedule(
      PendingDelivery claimed, Instant due, int attempts, @Nullable Instant firstAttemptAt) {
    Delivery delivery = leased(claimed);
    if (delivery == null) {
      return false;
    }
    detach(delivery);
    delivery.leaseOwner = null;
    delivery.due = due.toEpochMilli();
    delivery.attempts = attempts;
    delivery.firstAttemptAt = firstAttemptAt == null ? NONE : firstAttemptAt.toEpochMilli();
    attach(delivery);
    return true;
  }

  @Override
  public synchronized boolean complete(PendingDelivery claimed, DeliveryOutcome outcome) {
    Delivery delivery = leased(claimed);
    if (delivery == null) {
      return false;
    }
    detach(delivery);
    pendingCount--;
    delivery.leaseOwner = null;
    delivery.outcome = outcome;
    leaveLine(delivery);
    if (allFinished(delivery.entry)) {
      finished(delivery.entry);
    }
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

  /** Records the attempt and finishes the delivery under one lock. */
  @Override
  public synchronized boolean complete(
      PendingDelivery claimed, DeliveryOutcome outcome, DeliveryAttempt attempt) {
    // The attempt first: finishing may let a bounded store drop the message.
    recordAttempt(attempt);
    return complete(claimed, outcome);
  }

  /** Settles them all under one lock. */
  @Override
  public synchronized boolean[] settle(List<Settlement> settlements) {
    return DeliveryStore.super.settle(settlements);
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
    if (entry.finishedAt != NONE && entry.finishedAt != finishSequence - 1) {
      finished(entry); // a message with nothing pending was just used again: keep it longer
    }
  }

  @Override
  public synchronized Optional<DeliveryStatus> status(String messageId, String endpointId) {
    Entry entry = messages.get(messageId);
    Delivery delivery = entry == null ? null : find(entry, endpointId);
    return delivery == null ? Optional.empty()
        : Optional.of(delivery.outcome == null
            ? DeliveryStatus.PENDING : new DeliveryStatus(delivery.outcome, null));
  }

  @Override
  public synchronized Optional<WebhookMessage> message(String messageId) {
    Entry entry = messages.get(messageId);
    return entry == null ? Optional.empty() : Optional.of(entry.message);
  }

  @Override
  public synchronized Map<String, DeliveryStatus> statuses(String messageId) {
    Entry entry = messages.get(messageId);
    if (entry == null) {
      return Map.of();
    }
    Map<String, DeliveryStatus> statuses = new LinkedHashMap<>();
    for (Delivery delivery : entry.deliveries) {
      statuses.put(delivery.endpointId, delivery.outcome == null
          ? DeliveryStatus.PENDING : new DeliveryStatus(delivery.outcome, null));
    }
    return statuses;
  }

  /** Scans every message kept; the time a message was stored is its creation time here. */
  @Override
  public synchronized List<StoredMessage> messages(MessageQuery query) {
    List<StoredMessage> matching = new ArrayList<>();
    for (Entry entry : messages.values()) {
      StoredMessage stored = new StoredMessage(entry.message, entry.message.createdAt());
      if (query.matches(stored)) {
        matching.add(stored);
      }
    }
    Comparator<StoredMessage> order =
        Comparator.comparing((StoredMessage m) -> m.cursor().storedAt())
            .thenComparing(m -> m.message().id());
    matching.sort(query.ascending() ? order : order.reversed());
    return List.copyOf(matching.subList(0, Math.min(query.limit(), matching.size())));
  }

  @Override
  public synchronized List<DeliveryAttempt> recentAttempts(String endpointId, Instant since,
      int limit) {
    List<DeliveryAttempt> found = new ArrayList<>();
    for (Entry entry : messages.values()) {
      if (entry.attempts == null) {
        continue;
      }
      for (Delivery delivery : entry.deliveries) {
        if (delivery.endpointId.equals(endpointId) && delivery.outcome != null) {
          for (DeliveryAttempt attempt : entry.attempts) {
            if (attempt.endpointId().equals(endpointId) && !attempt.startedAt().isBefore(since)) {
              found.add(attempt);
            }
          }
        }
      }
    }
    found.sort(Comparator.comparing(DeliveryAttempt::startedAt).reversed());
    return List.copyOf(found.subList(0, Math.min(limit, found.size())));
  }

  @Override
  public synchronized List<DeliveryAttempt> attempts(String messageId) {
    Entry entry = messages.get(messageId);
    return entry == null || entry.attempts == null ? List.of() : List.copyOf(entry.attempts);
  }

  @Override
  public synchronized long pendingCount() {
    return pendingCount;
  }

  @Override
  public synchronized Optional<Instant> nextDue() {
    return heads.isEmpty() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(heads.first().headAt()));
  }

  /**
   * The pending deliveries, earliest due first, for inspection.
   *
   * @return a snapshot
   */
  public synchronized List<PendingDelivery> pending() {
    List<Delivery> all = new ArrayList<>();
    queues.values().forEach(queue -> all.addAll(queue.deliveries));
    keyed.values().forEach(line -> line.stream().filter(d -> !d.attached).forEach(all::add));
    all.sort(BY_VISIBLE_AT);
    List<PendingDelivery> pending = new ArrayList<>(all.size());
    all.forEach(delivery -> pending.add(delivery.toPending()));
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
      if (delivery.outcome != null && reopen(delivery, due)) {
        endpoints.add(delivery.endpointId);
      }
    }
    return endpoints;
  }

  @Override
  public synchronized List<String> redeliverFailed(String endpointId, Instant since, Instant due) {
    List<String> reopened = new ArrayList<>();
    for (Entry entry : messages.values()) {
      Delivery delivery = find(entry, endpointId);
      if (delivery != null && delivery.outcome != null
          && delivery.outcome != DeliveryOutcome.DELIVERED
          && !entry.message.createdAt().isBefore(since)
          && reopen(delivery, due)) {
        reopened.add(entry.message.id());
      }
    }
    return reopened;
  }

  /** Makes a finished delivery pending again, ordered as it was. */
  private boolean reopen(Delivery delivery, Instant due) {
    return add(delivery.entry, delivery.endpointId, due.toEpochMilli(), null, 0,
        delivery.orderingKey) != null;
  }

  /**
   * Forgets messages none of whose deliveries is pending, with their attempt logs.
   *
   * @return how many messages were removed
   */
  public synchronized int purgeFinished() {
    int before = messages.size();
    messages.values().removeIf(InMemoryDeliveryStore::allFinished);
    finished.clear();
    return before - messages.size();
  }

  @Override
  public synchronized String toString() {
    return "InMemoryDeliveryStore[messages=" + messages.size() + ", pending=" + pendingCount
        + ", maxFinished=" + maxFinished + "]";
  }
}
