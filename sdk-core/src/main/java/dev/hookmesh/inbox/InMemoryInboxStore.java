package dev.hookmesh.inbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * An {@link InboxStore} in this process's heap: for development and tests. It is not durable:
 * an event acknowledged to its sender is lost if the process stops before it is processed.
 * Finished events are kept for inspection and replay, but only the most recently finished
 * {@value #DEFAULT_MAX_FINISHED}; pending events are never dropped.
 *
 * <p>Thread-safe; every operation takes one lock.
 */
public final class InMemoryInboxStore implements InboxStore {

  /** How many finished events are kept. */
  public static final int DEFAULT_MAX_FINISHED = 10_000;

  private static final Comparator<Entry> BY_VISIBLE_AT =
      Comparator.comparing(Entry::visibleAt).thenComparingLong(entry -> entry.sequence);

  private final TreeMap<Long, Entry> entries = new TreeMap<>();
  private final Map<Key, Long> byMessage = new HashMap<>();
  private final TreeSet<Entry> pending = new TreeSet<>(BY_VISIBLE_AT);
  // Pending sequences per ordering key: only the first may be claimed.
  private final Map<Key, TreeSet<Long>> ordered = new HashMap<>();
  private final ArrayDeque<Long> finished = new ArrayDeque<>();
  private final Clock clock;
  private long sequence;

  /** An empty store on the system clock. */
  public InMemoryInboxStore() {
    this(Clock.systemUTC());
  }

  /**
   * An empty store.
   *
   * @param clock the time events are due, leased and finished at
   */
  public InMemoryInboxStore(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  private record Key(String endpoint, String name) {}

  /** One stored event and where it stands. */
  private static final class Entry {
    final long sequence;
    final InboxEvent event;
    InboxStatus status = InboxStatus.PENDING;
    int attempts;
    @Nullable Instant firstAttemptAt;
    Instant due;
    @Nullable String leaseOwner;
    @Nullable Instant leaseExpiry;
    @Nullable String lastError;
    @Nullable Instant finishedAt;

    Entry(long sequence, InboxEvent event, Instant due) {
      this.sequence = sequence;
      this.event = event;
      this.due = due;
    }

    Instant visibleAt() {
      return leaseOwner != null ? Objects.requireNonNull(leaseExpiry) : due;
    }

    @Nullable Key orderingKey() {
      String key = event.orderingKey();
      return key == null ? null : new Key(event.endpoint(), key);
    }

    ClaimedEvent claimed() {
      return new ClaimedEvent(sequence, event, attempts, firstAttemptAt, due,
          Objects.requireNonNull(leaseOwner), Objects.requireNonNull(leaseExpiry));
    }

    InboxEntry entry() {
      return new InboxEntry(sequence, event, status, attempts, due, finishedAt, lastError);
    }
  }

  @Override
  public boolean add(InboxEvent event, @Nullable Duration lease, String owner,
      Consumer<ClaimedEvent> onStored) {
    ClaimedEvent claimed;
    synchronized (this) {
      Key key = new Key(event.endpoint(), event.messageId());
      if (byMessage.containsKey(key)) {
        return false;
      }
      Instant now = clock.instant();
      Entry entry = new Entry(++sequence, event, now);
      if (lease != null) {
        entry.leaseOwner = owner;
        entry.leaseExpiry = now.plus(lease);
      }
      entries.put(entry.sequence, entry);
      byMessage.put(key, entry.sequence);
      attach(entry);
      claimed = lease != null ? entry.claimed() : null;
    }
    if (claimed != null) {
      onStored.accept(claimed); // outside the lock: the worker may claim or settle at once
    }
    return true;
  }

  private void attach(Entry entry) {
    pending.add(entry);
    Key key = entry.orderingKey();
    if (key != null) {
      ordered.computeIfAbsent(key, k -> new TreeSet<>()).add(entry.sequence);
    }
  }

  private void detach(Entry entry) {
    pending.remove(entry);
    Key key = entry.orderingKey();
    if (key != null) {
      TreeSet<Long> sequences = ordered.get(key);
      sequences.remove(entry.sequence);
      if (sequences.isEmpty()) {
        ordered.remove(key);
      }
    }
  }

  @Override
  public synchronized List<ClaimedEvent> claim(Instant now, int max, Set<String> busyEndpoints,
      Duration lease, String owner) {
    List<Entry> chosen = new ArrayList<>();
    for (Entry entry : pending) {
      if (chosen.size() >= max || entry.visibleAt().isAfter(now)) {
        break;
      }
      Key key = entry.orderingKey();
      boolean head = key == null || ordered.get(key).first() == entry.sequence;
      if (head && (key != null || !busyEndpoints.contains(entry.event.endpoint()))) {
        chosen.add(entry);
      }
    }
    List<ClaimedEvent> claimed = new ArrayList<>(chosen.size());
    for (Entry entry : chosen) {
      pending.remove(entry);
      entry.leaseOwner = owner;
      entry.leaseExpiry = now.plus(lease);
      pending.add(entry);
      claimed.add(entry.claimed());
    }
    return claimed;
  }

  @Override
  public synchronized boolean[] settle(List<InboxSettlement> settlements) {
    boolean[] held = new boolean[settlements.size()];
    for (int i = 0; i < held.length; i++) {
      InboxSettlement settlement = settlements.get(i);
      Entry entry = entries.get(settlement.claimed().sequence());
      ClaimedEvent claimed = settlement.claimed();
      if (entry == null || entry.status != InboxStatus.PENDING
          || !Objects.equals(entry.leaseOwner, claimed.leaseOwner())
          || !Objects.equals(entry.leaseExpiry, claimed.leaseExpiry())) {
        continue;
      }
      held[i] = true;
      detach(entry);
      entry.leaseOwner = null;
      entry.leaseExpiry = null;
      entry.attempts = settlement.attempts();
      entry.firstAttemptAt = settlement.firstAttemptAt();
      entry.due = settlement.due();
      entry.lastError = settlement.error() != null ? settlement.error() : entry.lastError;
      entry.status = settlement.status();
      if (settlement.finishes()) {
        entry.finishedAt = clock.instant();
        finished(entry);
      } else {
        attach(entry);
      }
    }
    return held;
  }

  // Forgets the oldest finished events beyond the bound.
  private void finished(Entry entry) {
    finished.add(entry.sequence);
    while (finished.size() > DEFAULT_MAX_FINISHED) {
      Entry oldest = entries.get(finished.poll());
      if (oldest != null && oldest.status != InboxStatus.PENDING) {
        remove(oldest);
      }
    }
  }

  private void remove(Entry entry) {
    entries.remove(entry.sequence);
    byMessage.remove(new Key(entry.event.endpoint(), entry.event.messageId()));
  }

  @Override
  public synchronized Optional<Instant> nextDue() {
    return pending.isEmpty() ? Optional.empty() : Optional.of(pending.first().visibleAt());
  }

  @Override
  public synchronized List<InboxEntry> list(InboxStatus status, @Nullable String endpoint,
      @Nullable Long after, int limit) {
    List<InboxEntry> found = new ArrayList<>();
    for (Entry entry : (after == null ? entries : entries.tailMap(after, false)).values()) {
      if (found.size() >= limit) {
        break;
      }
      if (entry.status == status && (endpoint == null || endpoint.equals(entry.event.endpoint()))) {
        found.add(entry.entry());
      }
    }
    return found;
  }

  @Override
  public synchronized Optional<InboxEntry> find(String endpoint, String messageId) {
    Long found = byMessage.get(new Key(endpoint, messageId));
    return found == null ? Optional.empty() : Optional.of(entries.get(found).entry());
  }

  @Override
  public synchronized int reopen(InboxStatus from, @Nullable String endpoint,
      @Nullable String messageId, @Nullable Instant receivedSince, Instant due) {
    if (from == InboxStatus.PENDING) {
      throw new IllegalArgumentException("Only processed events and dead letters are reopened");
    }
    int reopened = 0;
    for (Entry entry : entries.values()) {
      if (entry.status == from
          && (endpoint == null || endpoint.equals(entry.event.endpoint()))
          && (messageId == null || messageId.equals(entry.event.messageId()))
          && (receivedSince == null || !entry.event.receivedAt().isBefore(receivedSince))) {
        entry.status = InboxStatus.PENDING;
        entry.attempts = 0;
        entry.firstAttemptAt = null;
        entry.due = due;
        entry.finishedAt = null;
        attach(entry);
        reopened++;
      }
    }
    return reopened;
  }

  @Override
  public synchronized int purge(Instant finishedBefore) {
    List<Entry> old = new ArrayList<>();
    for (Entry entry : entries.values()) {
      if (entry.status != InboxStatus.PENDING && entry.finishedAt != null
          && entry.finishedAt.isBefore(finishedBefore)) {
        old.add(entry);
      }
    }
    old.forEach(this::remove);
    return old.size();
  }

  @Override
  public synchronized InboxStats stats() {
    long dead = entries.values().stream().filter(e -> e.status == InboxStatus.DEAD).count();
    Instant oldest = pending.stream().map(entry -> entry.event.receivedAt())
        .min(Comparator.naturalOrder()).orElse(null);
    return new InboxStats(pending.size(), dead, oldest);
  }

  @Override
  public synchronized String toString() {
    return "InMemoryInboxStore[events=" + entries.size() + ", pending=" + pending.size() + "]";
  }
}
