package dev.hookmesh.inbox;

import dev.hookmesh.inbox.internal.InboxDecision;
import dev.hookmesh.inbox.internal.InboxWork;
import dev.hookmesh.internal.Arguments;
import dev.hookmesh.queue.internal.QueueEngine;
import dev.hookmesh.retry.RetryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A durable inbox for received webhooks: {@link #receive} stores a verified event and returns as
 * soon as it is stored, so the sender can be answered at once; workers then process it in the
 * background with the {@link InboxHandler}, retry it by the endpoint's {@link RetryPolicy}, and
 * make it a dead letter when the policy gives up. Each endpoint and message id is stored once,
 * so a redelivered message is acknowledged without being processed twice. Events that share an
 * {@linkplain InboxEvent#orderingKey() ordering key} are processed one at a time in the order
 * they arrived; a failing event holds back only its own key.
 *
 * <pre>{@code
 * try (WebhookInbox inbox = WebhookInbox.builder(new InMemoryInboxStore(), event -> fulfil(event))
 *     .build()) {
 *   boolean isNew = inbox.receive(event);   // then answer the sender 2xx
 * }
 * }</pre>
 *
 * <p>It runs on the same queue engine as the sender: with a database store, several instances
 * share one inbox, claiming events under a lease with {@code FOR UPDATE SKIP LOCKED}, and an
 * event is marked processed only after its handler returned, so a crash processes an event
 * again rather than never. With {@link Builder#transactions(InboxTransactions)}, the handler's
 * own writes and that mark commit together, so a crash never leaves one without the other.
 */
public final class WebhookInbox implements AutoCloseable {

  /**
   * The retry policy of endpoints without their own: exponential backoff with full jitter, from
   * 5 seconds to an hour between attempts, for about a day.
   */
  public static final RetryPolicy DEFAULT_RETRY_POLICY = RetryPolicy.exponential().newBuilder()
      .maxAttempts(30).maxElapsed(Duration.ofHours(24)).build();

  /** Default for {@link Builder#concurrency(int)}. */
  public static final int DEFAULT_CONCURRENCY = 8;

  private final InboxStore store;
  private final InboxWork work;
  private final QueueEngine<ClaimedEvent, InboxDecision> engine;
  private final ThreadPoolExecutor workers;
  private final Clock clock;
  private final Duration closeTimeout;
  private final AtomicBoolean started = new AtomicBoolean();
  private volatile boolean closed;

  private WebhookInbox(Builder builder) {
    this.store = builder.store;
    this.clock = builder.clock;
    this.closeTimeout = builder.closeTimeout;
    AtomicInteger threads = new AtomicInteger();
    this.workers = new ThreadPoolExecutor(builder.concurrency, builder.concurrency, 1,
        TimeUnit.MINUTES, new LinkedBlockingQueue<>(), runnable -> {
          Thread thread = new Thread(runnable, "hookmesh-inbox-" + threads.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
    workers.allowCoreThreadTimeOut(true);
    Map<String, RetryPolicy> policies = Map.copyOf(builder.policies);
    RetryPolicy defaultPolicy = builder.retryPolicy;
    this.work = new InboxWork(store, builder.handler,
        endpoint -> policies.getOrDefault(endpoint, defaultPolicy), builder.transactions,
        workers, builder.listener, clock, builder.concurrency);
    this.engine = new QueueEngine<>(new QueueEngine.Settings(clock, builder.pollInterval,
        builder.lease, builder.batchSize, "hookmesh-inbox"), InboxWork.queue(store), work);
    work.runIn(engine);
    if (!builder.deferStart) {
      start();
    }
  }

  /**
   * Starts processing: the workers take stored events, those stored before included. An inbox
   * built without {@link Builder#deferStart()} is started already; starting again does nothing.
   */
  public void start() {
    if (!closed && started.compareAndSet(false, true)) {
      engine.start();
    }
  }

  /**
   * Starts an inbox.
   *
   * @param store where events are kept
   * @param handler processes each event
   * @return a new builder
   */
  public static Builder builder(InboxStore store, InboxHandler handler) {
    return new Builder(store, handler);
  }

  /**
   * Stores a verified event for processing, unless its endpoint and message id are stored
   * already. Returns once the event is stored, or fails and stores nothing: answer the sender
   * 2xx after it returns, whichever it returns, and 5xx if it throws, so the sender retries.
   *
   * @param event the event
   * @return {@code true} if it is new, {@code false} for a duplicate
   * @throws IllegalStateException if the inbox is closed
   * @throws RuntimeException if the store cannot store it, such as when its database is down
   */
  public boolean receive(InboxEvent event) {
    Objects.requireNonNull(event, "event");
    if (closed) {
      throw new IllegalStateException("This WebhookInbox is closed");
    }
    // An ordered event waits for a claim, which takes it only once no earlier event of its key
    // is pending; leased at once, it could start while an earlier one waits for a retry.
    boolean leased = started.get() && event.orderingKey() == null
        && engine.hasRoomFor(InboxWork.laneKey(event));
    // Listeners hear of the arrival before of its processing: an event handed over while add()
    // runs waits until then; one handed over after a caller's commit goes at once.
    Handover handover = new Handover();
    boolean added = store.add(event, leased ? engine.lease() : null, engine.owner(),
        handover::stored);
    work.emit(new InboxActivity(added ? InboxActivity.Type.RECEIVED
        : InboxActivity.Type.DUPLICATE, event, 0, null, null));
    if (added && !handover.release()) {
      engine.wake(); // stored unleased, or handed over once the caller commits: a claim takes it
    }
    return added;
  }

  /** An event handed over by the store, before or after {@code add} returned. */
  private final class Handover {
    private @Nullable ClaimedEvent waiting;
    private boolean released;

    synchronized void stored(ClaimedEvent claimed) {
      if (released) {
        engine.offer(List.of(claimed));
      } else {
        waiting = claimed;
      }
    }

    /** Offers the event if it was handed over already; later ones go at once. */
    synchronized boolean release() {
      released = true;
      if (waiting == null) {
        return false;
      }
      engine.offer(List.of(waiting));
      return true;
    }
  }

  /**
   * How full the inbox is: pending events, dead letters, and when the oldest pending event
   * arrived.
   *
   * @return the counts
   */
  public InboxStats stats() {
    return store.stats();
  }

  /**
   * Events with a status, in the order they arrived.
   *
   * @param status which events
   * @param endpoint only this endpoint's, or {@code null} for all
   * @param after only those after this sequence, for paging, or {@code null}
   * @param limit the most to return
   * @return the entries
   */
  public List<InboxEntry> list(InboxStatus status, @Nullable String endpoint,
      @Nullable Long after, int limit) {
    return store.list(status, endpoint, after, limit);
  }

  /**
   * The dead letters, oldest first, each with its last error.
   *
   * @param limit the most to return
   * @return the entries
   */
  public List<InboxEntry> deadLetters(int limit) {
    return store.list(InboxStatus.DEAD, null, null, limit);
  }

  /**
   * One event and where it stands.
   *
   * @param endpoint the endpoint's name
   * @param messageId the message id
   * @return the entry, or empty
   */
  public Optional<InboxEntry> find(String endpoint, String messageId) {
    return store.find(endpoint, messageId);
  }

  /**
   * Processes a dead letter again, from attempt 1.
   *
   * @param endpoint the endpoint's name
   * @param messageId the message id
   * @return whether there was such a dead letter
   */
  public boolean redrive(String endpoint, String messageId) {
    return reopen(InboxStatus.DEAD, Objects.requireNonNull(endpoint, "endpoint"),
        Objects.requireNonNull(messageId, "messageId"), null) > 0;
  }

  /**
   * Processes every dead letter of an endpoint again.
   *
   * @param endpoint the endpoint's name
   * @return how many there were
   */
  public int redriveAll(String endpoint) {
    return reopen(InboxStatus.DEAD, Objects.requireNonNull(endpoint, "endpoint"), null, null);
  }

  /**
   * Processes every dead letter received since a time again, on every endpoint: the recovery
   * after a bug in a listener was fixed.
   *
   * @param since the earliest arrival to redrive
   * @return how many there were
   */
  public int redriveSince(Instant since) {
    return reopen(InboxStatus.DEAD, null, null, Objects.requireNonNull(since, "since"));
  }

  /**
   * Processes an event that was processed already once more, such as after fixing what a
   * listener did with it.
   *
   * @param endpoint the endpoint's name
   * @param messageId the message id
   * @return whether there was such a processed event
   */
  public boolean replay(String endpoint, String messageId) {
    return reopen(InboxStatus.PROCESSED, Objects.requireNonNull(endpoint, "endpoint"),
        Objects.requireNonNull(messageId, "messageId"), null) > 0;
  }

  private int reopen(InboxStatus from, @Nullable String endpoint, @Nullable String messageId,
      @Nullable Instant since) {
    int reopened = store.reopen(from, endpoint, messageId, since, clock.instant());
    if (reopened > 0) {
      engine.wake();
    }
    return reopened;
  }

  /**
   * Retention: deletes processed events and dead letters that finished before a time.
   *
   * @param finishedBefore the cut-off
   * @return how many were deleted
   */
  public int purge(Instant finishedBefore) {
    return store.purge(finishedBefore);
  }

  /**
   * The store the inbox keeps its events in.
   *
   * @return the store
   */
  public InboxStore store() {
    return store;
  }

  /**
   * Stops taking events, gives back those not started, and waits up to the close timeout for
   * handlers that run; what is left is tried again after a restart, or by another instance,
   * once its lease expires.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    engine.close(closeTimeout);
    workers.shutdownNow();
  }

  @Override
  public String toString() {
    return "WebhookInbox[store=" + store + "]";
  }

  /** Configures a {@link WebhookInbox}. */
  public static final class Builder {

    private final InboxStore store;
    private final InboxHandler handler;
    private RetryPolicy retryPolicy = DEFAULT_RETRY_POLICY;
    private final Map<String, RetryPolicy> policies = new HashMap<>();
    private int concurrency = DEFAULT_CONCURRENCY;
    private @Nullable InboxTransactions transactions;
    private InboxListener listener = InboxListener.NONE;
    private Clock clock = Clock.systemUTC();
    private Duration lease = Duration.ofMinutes(5);
    private Duration pollInterval = Duration.ofSeconds(1);
    private Duration closeTimeout = Duration.ofSeconds(30);
    private int batchSize = 256;
    private boolean deferStart;

    private Builder(InboxStore store, InboxHandler handler) {
      this.store = Objects.requireNonNull(store, "store");
      this.handler = Objects.requireNonNull(handler, "handler");
    }

    /**
     * The retry policy of endpoints without their own; {@link #DEFAULT_RETRY_POLICY} by
     * default.
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder retryPolicy(RetryPolicy policy) {
      this.retryPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * One endpoint's retry policy.
     *
     * @param endpoint the endpoint's name
     * @param policy its policy
     * @return this builder
     */
    public Builder retryPolicy(String endpoint, RetryPolicy policy) {
      policies.put(Objects.requireNonNull(endpoint, "endpoint"),
          Objects.requireNonNull(policy, "policy"));
      return this;
    }

    /**
     * How many handlers run at once, and how many of one endpoint's unordered events; 8 by
     * default.
     *
     * @param concurrency at least 1
     * @return this builder
     */
    public Builder concurrency(int concurrency) {
      this.concurrency = Arguments.requireAtLeastOne(concurrency, "concurrency");
      return this;
    }

    /**
     * Runs each handler in a transaction with its event's completion.
     *
     * @param transactions the transactions; the store's writes must join them
     * @return this builder
     */
    public Builder transactions(InboxTransactions transactions) {
      this.transactions = Objects.requireNonNull(transactions, "transactions");
      return this;
    }

    /**
     * Hears what happens; nothing by default.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder listener(InboxListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * The clock for due times, leases and lags; the system UTC clock by default.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * How long a worker holds an event before another may take it over; 5 minutes by default.
     * Keep it well above the longest a handler takes.
     *
     * @param lease positive
     * @return this builder
     */
    public Builder lease(Duration lease) {
      this.lease = Arguments.requirePositive(lease, "lease");
      return this;
    }

    /**
     * How often the store is polled for events nothing in this process announced; 1 second by
     * default.
     *
     * @param interval positive
     * @return this builder
     */
    public Builder pollInterval(Duration interval) {
      this.pollInterval = Arguments.requirePositive(interval, "pollInterval");
      return this;
    }

    /**
     * How long {@link WebhookInbox#close()} waits for running handlers; 30 seconds by default.
     *
     * @param timeout zero or more
     * @return this builder
     */
    public Builder closeTimeout(Duration timeout) {
      this.closeTimeout = Arguments.requireNotNegative(timeout, "closeTimeout");
      return this;
    }

    /**
     * Builds an inbox that stores events but does not process them until
     * {@link WebhookInbox#start()}: for an application whose handlers are ready only later.
     *
     * @return this builder
     */
    public Builder deferStart() {
      this.deferStart = true;
      return this;
    }

    /**
     * Builds the inbox and starts its workers, unless {@link #deferStart()} was called.
     *
     * @return the inbox
     */
    public WebhookInbox build() {
      return new WebhookInbox(this);
    }
  }
}
