package dev.hookmesh.inbox;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Where inbox events live: {@link InMemoryInboxStore} for development, a database store so that
 * no acknowledged event is lost. Every implementation keeps the contract below; Hookmesh's own
 * tests run one contract against each.
 *
 * <ul>
 *   <li><b>Once per message.</b> {@link #add} keeps one event per endpoint and message id: the
 *       same message again is a duplicate, and the first body stays.
 *   <li><b>Leases.</b> {@link #claim} hands out due pending events leased to an owner until
 *       {@code now + lease}; an expired lease makes the event claimable again (its worker
 *       probably died). {@link #settle} applies only while the caller still holds the lease.
 *   <li><b>Ordering.</b> An event with an {@linkplain InboxEvent#orderingKey() ordering key} is
 *       claimed only when no earlier event of its endpoint with the same key is pending, so such
 *       events are processed one at a time in arrival order; a dead letter no longer holds its
 *       key.
 *   <li>Implementations are thread-safe.
 * </ul>
 */
public interface InboxStore {

  /**
   * Stores an event unless one with its endpoint and message id is stored. Where the store can,
   * the new event is leased to {@code owner} as it is stored, and handed to {@code onStored}
   * once every instance could see it, so the worker that will process it needs no claim.
   *
   * @param event the event
   * @param lease how long the owner holds it, or {@code null} to store it unleased
   * @param owner who holds it, with a lease
   * @param onStored takes the leased event once it is stored for good; never called for a
   *     duplicate, or when the store stored it unleased
   * @return whether it was stored; {@code false} for a duplicate
   */
  boolean add(InboxEvent event, @Nullable Duration lease, String owner,
      Consumer<ClaimedEvent> onStored);

  /**
   * Claims due pending events, earliest first, and leases them to {@code owner}.
   *
   * @param now the time
   * @param max the most to claim
   * @param busyEndpoints endpoints whose unordered events must not be claimed now
   * @param lease how long the owner holds each event
   * @param owner who claims
   * @return the claimed events
   */
  List<ClaimedEvent> claim(Instant now, int max, Set<String> busyEndpoints, Duration lease,
      String owner);

  /**
   * Writes what became of claimed events, each only while its caller holds the lease.
   *
   * @param settlements what to write
   * @return per settlement, in order, whether its lease was still held (a new array)
   */
  boolean[] settle(List<InboxSettlement> settlements);

  /**
   * When a pending event may next become claimable.
   *
   * @return the time, or empty when nothing is pending
   */
  Optional<Instant> nextDue();

  /**
   * Events with a status, in the order they arrived, for operations and dead-letter views.
   *
   * @param status which events
   * @param endpoint only this endpoint's, or {@code null} for all
   * @param after only events after this {@linkplain InboxEntry#sequence() sequence}, for paging,
   *     or {@code null} from the start
   * @param limit the most to return
   * @return the entries
   */
  List<InboxEntry> list(InboxStatus status, @Nullable String endpoint, @Nullable Long after,
      int limit);

  /**
   * One event.
   *
   * @param endpoint the endpoint's name
   * @param messageId the message id
   * @return the entry, or empty if there is none
   */
  Optional<InboxEntry> find(String endpoint, String messageId);

  /**
   * Makes finished events pending again from attempt 1: a redrive of dead letters, or a replay
   * of processed events.
   *
   * @param from which events: {@link InboxStatus#DEAD} or {@link InboxStatus#PROCESSED}
   * @param endpoint only this endpoint's, or {@code null} for all
   * @param messageId only this message, or {@code null} for all
   * @param receivedSince only events received at or after this time, or {@code null}
   * @param due when to process them
   * @return how many events were made pending
   */
  int reopen(InboxStatus from, @Nullable String endpoint, @Nullable String messageId,
      @Nullable Instant receivedSince, Instant due);

  /**
   * Retention: deletes processed events and dead letters that finished before a time. Pending
   * events are never deleted.
   *
   * @param finishedBefore the cut-off
   * @return how many events were deleted
   */
  int purge(Instant finishedBefore);

  /**
   * How full the inbox is.
   *
   * @return the counts
   */
  InboxStats stats();
}
