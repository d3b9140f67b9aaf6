package dev.hookmesh.delivery;

import dev.hookmesh.WebhookMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Where messages, pending deliveries and the attempt log live: the delivery record. The client
 * writes a delivery here before it returns from {@code send}, so a delivery survives as long as
 * the store does. {@link InMemoryDeliveryStore} is the default; a database-backed store lets
 * deliveries survive restarts and lets several instances share one queue.
 *
 * <h2>Contract</h2>
 *
 * <ul>
 *   <li><b>At least once.</b> A delivery is finished only by {@link #complete}; the client calls
 *       it after a 2xx or a final failure. Until then the delivery stays pending, whatever
 *       happens to the process.
 *   <li><b>Leases.</b> {@link #claimDue} hands out due deliveries and leases them to an owner
 *       until {@code now + lease}. A leased delivery is not handed out again until its lease
 *       expires; an expired lease makes it due again (its owner probably died), so an attempt
 *       may be repeated: receivers deduplicate on the message id.
 *   <li><b>Owner checks.</b> {@link #reschedule} and {@link #complete} apply only while the
 *       caller still holds the lease, and answer {@code false} otherwise; the caller then drops
 *       the delivery, because another owner has it.
 *   <li><b>Message ids</b> are unique: {@link #enqueue} keeps the first stored body for an id.
 *       A delivery is identified by its message id and endpoint id.
 *   <li>Implementations are thread-safe.
 * </ul>
 *
 * <p>A SQL store maps this onto a {@code messages} table, a {@code deliveries} table keyed by
 * {@code (message_id, endpoint_id)} with {@code due}, {@code attempts},
 * {@code first_attempt_at}, {@code lease_owner}, {@code lease_expiry} and {@code outcome}, and
 * an {@code attempts} table. {@link #claimDue} is then one statement:
 *
 * <pre>{@code
 * UPDATE deliveries SET lease_owner = :owner, lease_expiry = :now + :lease
 *  WHERE (message_id, endpoint_id) IN (
 *    SELECT message_id, endpoint_id FROM deliveries
 *     WHERE outcome IS NULL AND endpoint_id <> ALL(:skip)
 *       AND (CASE WHEN lease_owner IS NULL THEN due ELSE lease_expiry END) <= :now
 *     ORDER BY due LIMIT :max FOR UPDATE SKIP LOCKED)
 * RETURNING ...
 * }</pre>
 *
 * <p>Two methods have defaults built on the others, which a store overrides to save work on
 * the hot path: {@link #enqueueClaimed}, which stores deliveries already leased to the client
 * that will attempt them, and {@link #settle}, which writes the outcomes of several deliveries
 * in one go.
 */
public interface DeliveryStore {

  /**
   * Stores a message (unless one with its id is stored) and a pending delivery of it to an
   * endpoint, due at {@code due}, with no attempts made, ordered by the message's
   * {@linkplain WebhookMessage#orderingKey() ordering key} if it has one.
   *
   * @param message the message, with its body encoded
   * @param endpointId the endpoint's id
   * @param due when the first attempt is due
   * @return {@code false} if a delivery of this message to this endpoint is already pending,
   *     which is left as it is
   */
  boolean enqueue(WebhookMessage message, String endpointId, Instant due);

  /**
   * Stores a message once with a pending delivery to each of several endpoints, as
   * {@link #enqueue} does for one, in one write where the store can: one transaction for the
   * JDBC store. The default enqueues them one by one.
   *
   * @param message the message, with its body encoded
   * @param endpointIds the endpoints' ids
   * @param due when the first attempts are due
   * @return how many deliveries were added; one already pending is left as it is
   */
  default int enqueueAll(WebhookMessage message, Collection<String> endpointIds, Instant due) {
    int added = 0;
    for (String endpointId : endpointIds) {
      if (enqueue(message, endpointId, due)) {
        added++;
      }
    }
    return added;
  }

  /**
   * Stores a message with a delivery to each target, as {@link #enqueueAll} does, each ordered
   * by its target's key, and the unordered ones already leased to {@code owner}, for a client
   * that attempts them itself as soon as they are stored: it saves the claim a later poll would
   * make. Only deliveries this call adds or reopens are leased; one already pending stays as it
   * is, with its owner. Ordered deliveries are never leased here: a claim takes each when the
   * ones before it are finished.
   *
   * <p>{@code onStored} receives the leased deliveries once every instance could see them: at
   * once, or when the caller's transaction commits; never if it rolls back. A store that cannot
   * tell when that is stores them unleased, and returns {@code false}. The default does that
   * through {@link #enqueueAll}, which orders by the message's key, so it refuses targets with
   * any other key, such as an ordered endpoint's.
   *
   * @param message the message, with its body encoded
   * @param targets the endpoints, each with its ordering key
   * @param now when the first attempts are due, and the lease starts
   * @param lease how long the owner holds each unordered delivery, or {@code null} to lease
   *     none, leaving every delivery to a claim
   * @param owner the client that will attempt them
   * @param onStored takes the leased deliveries once they are stored for good
   * @return {@code true} if every delivery added was leased and {@code onStored} is (or was)
   *     called with them; {@code false} if some were stored unleased, for a claim to find
   * @throws UnsupportedOperationException if a target's key is not the message's and the store
   *     does not override this method
   */
  default boolean enqueueClaimed(WebhookMessage message, Collection<DeliveryTarget> targets,
      Instant now, @Nullable Duration lease, String owner,
      Consumer<List<PendingDelivery>> onStored) {
    List<String> endpointIds = new ArrayList<>(targets.size());
    for (DeliveryTarget target : targets) {
      if (!Objects.equals(target.orderingKey(), message.orderingKey())) {
        throw new UnsupportedOperationException(getClass().getName() + " orders deliveries"
            + " only by their message's ordering key, not an ordered endpoint's; override"
            + " enqueueClaimed, or use InMemoryDeliveryStore or JdbcDeliveryStore");
      }
      endpointIds.add(target.endpointId());
    }
    enqueueAll(message, endpointIds, now);
    return false;
  }

  /**
   * Stores a message without a delivery, unless one with its id is stored, so that attempts
   * made outside the queue (such as a test event) can be recorded for it.
   *
   * @param message the message, with its body encoded
   */
  void saveMessage(WebhookMessage message);

  /**
   * Claims pending deliveries that are due: never leased, or whose lease has expired, with a
   * due time at or before {@code now}, earliest due first, and leases them to {@code owner}.
   *
   * <p>An ordered delivery (one stored with an ordering key) is claimed only when no other
   * pending delivery to its endpoint with the same key was stored before it or is leased: the
   * deliveries of one key go one at a time, in the order they were stored.
   *
   * @param now the current time
   * @param max the most deliveries to return
   * @param skipEndpoints endpoints whose deliveries must not be claimed now (they are busy)
   * @param lease how long the owner may hold each delivery
   * @param owner who claims, such as a client's unique name
   * @return the claimed deliveries, with {@code leaseOwner} and {@code leaseExpiry} set
   */
  List<PendingDelivery> claimDue(
      Instant now, int max, Set<String> skipEndpoints, Duration lease, String owner);

  /**
   * Releases a claimed delivery with a new due time and attempt count.
   *
   * @param claimed the delivery as claimed
   * @param due when the next attempt is due
   * @param attempts how many attempts were made by now
   * @param firstAttemptAt when the first attempt started, or {@code null} if none was made
   * @return {@code false} if the caller no longer holds the lease; nothing is changed then
   */
  boolean reschedule(PendingDelivery claimed, Instant due, int attempts, @Nullable Instant firstAttemptAt);

  /**
   * Finishes a claimed delivery: it is no longer pending. The message and its attempts stay.
   *
   * @param claimed the delivery as claimed
   * @param outcome how it ended
   * @return {@code false} if the caller no longer holds the lease; nothing is changed then
   */
  boolean complete(PendingDelivery claimed, DeliveryOutcome outcome);

  /**
   * Records the attempt that ended a claimed delivery and finishes the delivery, in one step
   * where the store can make it one: a database store then commits once per delivery instead
   * of twice. The attempt is recorded whether or not the caller still holds the lease, because
   * it was made; the delivery is finished only if the caller does.
   *
   * <p>The default calls {@link #recordAttempt} and then {@link #complete}, so a store that
   * does not override it keeps working.
   *
   * @param claimed the delivery as claimed
   * @param outcome how it ended
   * @param attempt the attempt that ended it, for the attempt log
   * @return {@code false} if the caller no longer holds the lease; the attempt is recorded, the
   *     delivery left as it is
   */
  default boolean complete(PendingDelivery claimed, DeliveryOutcome outcome, DeliveryAttempt attempt) {
    recordAttempt(attempt);
    return complete(claimed, outcome);
  }

  /**
   * Settles claimed deliveries: finishes each one that has an outcome and makes the others
   * pending again, each only while its caller still holds its lease, and records every attempt
   * given whether or not the lease was held. A database store writes them all in one
   * transaction, so deliveries that end together cost one commit. The default settles them one
   * by one with {@link #complete} and {@link #reschedule}.
   *
   * @param settlements what to write
   * @return per settlement, in order, whether its lease was still held (a new array)
   */
  default boolean[] settle(List<Settlement> settlements) {
    boolean[] held = new boolean[settlements.size()];
    for (int i = 0; i < held.length; i++) {
      Settlement settlement = settlements.get(i);
      DeliveryAttempt attempt = settlement.attempt();
      DeliveryOutcome outcome = settlement.outcome();
      if (outcome != null) {
        held[i] = attempt == null
            ? complete(settlement.delivery(), outcome)
            : complete(settlement.delivery(), outcome, attempt);
      } else {
        if (attempt != null) {
          recordAttempt(attempt);
        }
        held[i] = reschedule(settlement.delivery(), settlement.due(), settlement.attempts(),
            settlement.firstAttemptAt());
      }
    }
    return held;
  }

  /**
   * Adds an attempt to the message's attempt log. The message is stored.
   *
   * @param attempt the attempt
   */
  void recordAttempt(DeliveryAttempt attempt);

  /**
   * Finds a stored message.
   *
   * @param messageId the id
   * @return the message, or empty
   */
  Optional<WebhookMessage> message(String messageId);

  /**
   * The attempt log of a message, oldest first, over all its endpoints.
   *
   * @param messageId the id
   * @return the attempts; empty for an unknown message
   */
  List<DeliveryAttempt> attempts(String messageId);

  /**
   * How many deliveries are pending, leased or not.
   *
   * @return the count
   */
  long pendingCount();

  /**
   * The earliest time at which something may become claimable: the earliest due time of an
   * unleased delivery or lease expiry of a leased one. The client sleeps until then.
   *
   * @return the time, or empty when nothing is pending
   */
  Optional<Instant> nextDue();

  /**
   * Makes every finished delivery of a message pending again, due at {@code due} with no
   * attempts counted, for a manual redelivery. Deliveries still pending are left as they are.
   *
   * @param messageId the message's id
   * @param due when to attempt again
   * @return the ids of the endpoints whose deliveries were made pending; empty for an unknown
   *     message
   */
  List<String> redeliver(String messageId, Instant due);

  /**
   * Makes every delivery to one endpoint that ended without success (exhausted, refused, gone,
   * disabled), for messages created at or after {@code since}, pending again with no attempts
   * counted: the recovery after a customer's outage.
   *
   * @param endpointId the endpoint
   * @param since the earliest message creation time to redeliver
   * @param due when to attempt again
   * @return the ids of the messages whose delivery was made pending
   */
  List<String> redeliverFailed(String endpointId, Instant since, Instant due);

  /**
   * An endpoint's remembered state, for a store that keeps it across restarts and shares it
   * between instances: a client reads it the first time it works with the endpoint, so an
   * endpoint that answered 410 stays gone, and the time it has been failing keeps counting
   * towards auto-disable, after a restart or a deploy. The default remembers nothing, and each
   * client starts with every endpoint healthy.
   *
   * @param endpointId the endpoint's id
   * @return the state last saved, or empty if none was
   */
  default Optional<EndpointState> endpointState(String endpointId) {
    return Optional.empty();
  }

  /**
   * Several endpoints' remembered states at once, as {@link #endpointState} gives each: a
   * client reads those of a message's endpoints together when it first sends to them. The
   * default asks one at a time.
   *
   * @param endpointIds the endpoints' ids
   * @return the states saved, by endpoint id; endpoints with none are left out
   */
  default Map<String, EndpointState> endpointStates(Collection<String> endpointIds) {
    Map<String, EndpointState> states = new LinkedHashMap<>();
    for (String endpointId : endpointIds) {
      endpointState(endpointId).ifPresent(state -> states.put(endpointId, state));
    }
    return states;
  }

  /**
   * Remembers an endpoint's state. The client calls it only when the state changes: when the
   * endpoint starts or stops failing, is found gone, is disabled, or is enabled again. The
   * default forgets it.
   *
   * @param state the new state
   */
  default void saveEndpointState(EndpointState state) {}

  /**
   * Where one delivery stands. A client asks about deliveries it sent that it has not seen
   * finish, a while after sending them: another instance may have finished them, or the
   * transaction that sent them may have rolled back.
   *
   * @param messageId the message's id
   * @param endpointId the endpoint's id
   * @return the delivery's status, or empty if the store has no such delivery
   * @throws UnsupportedOperationException if the store cannot look up one delivery, which is
   *     what the default does; the client then leaves such results to complete when it finishes
   *     the delivery itself
   */
  default Optional<DeliveryStatus> status(String messageId, String endpointId) {
    throw new UnsupportedOperationException(getClass().getName() + " does not look up deliveries");
  }

  /**
   * The deliveries of a stored message, pending or finished, with how each stands: what a
   * publisher returns for a message published before.
   *
   * @param messageId the message's id
   * @return each delivery's status by endpoint id, in the order they were stored; empty if
   *     there are none
   * @throws UnsupportedOperationException if the store cannot list them, which is what the
   *     default does
   */
  default Map<String, DeliveryStatus> statuses(String messageId) {
    throw new UnsupportedOperationException(getClass().getName() + " does not list deliveries");
  }

  /**
   * A page of an application's stored messages, those the platform's publisher stored: for a
   * delivery log, and for consumers catching up on what they missed. A message is listed from
   * the moment its transaction commits; one that commits after a later-stored message was read
   * can land behind a cursor already handed out, so a consumer catching up should stop a few
   * seconds short of now (see {@link MessageQuery#between}).
   *
   * @param query the application, filters, cursor, limit and order
   * @return the messages, in the query's order
   * @throws UnsupportedOperationException if the store cannot list messages, which is what the
   *     default does
   */
  default List<StoredMessage> messages(MessageQuery query) {
    throw new UnsupportedOperationException(getClass().getName() + " does not list messages");
  }

  /**
   * The attempts of an endpoint's deliveries that finished since a time, newest first: what the
   * endpoint's success rate and latency are computed from. Attempts of deliveries still
   * pending are counted once those finish.
   *
   * @param endpointId the endpoint
   * @param since the earliest attempt and finish time
   * @param limit the most attempts returned
   * @return the attempts
   * @throws UnsupportedOperationException if the store cannot list them, which is what the
   *     default does
   */
  default List<DeliveryAttempt> recentAttempts(String endpointId, Instant since, int limit) {
    throw new UnsupportedOperationException(getClass().getName() + " does not list attempts");
  }
}
