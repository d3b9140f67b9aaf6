package dev.hookmesh.delivery.internal;

import dev.hookmesh.Endpoint;
import dev.hookmesh.EndpointResolver;
import dev.hookmesh.WebhookMessage;
import dev.hookmesh.delivery.CircuitBreaker;
import dev.hookmesh.delivery.Delivery;
import dev.hookmesh.delivery.DeliveryAttempt;
import dev.hookmesh.delivery.DeliveryEvent;
import dev.hookmesh.delivery.DeliveryListener;
import dev.hookmesh.delivery.DeliveryOutcome;
import dev.hookmesh.delivery.DeliveryResult;
import dev.hookmesh.delivery.DeliveryStatus;
import dev.hookmesh.delivery.DeliveryStore;
import dev.hookmesh.delivery.EndpointHealth;
import dev.hookmesh.delivery.EndpointState;
import dev.hookmesh.delivery.PendingDelivery;
import dev.hookmesh.retry.AttemptOutcome;
import dev.hookmesh.retry.Classification;
import dev.hookmesh.retry.RetryDecision;
import dev.hookmesh.retry.RetryPolicy;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * Runs deliveries: claims due ones from the store on one scheduler thread, admits them through
 * each endpoint's {@link EndpointLane}, sends them asynchronously on the shared OkHttp
 * dispatcher, and records, retries or finishes them when the answer comes.
 */
public final class DeliveryLoop {

  /**
   * What the loop needs from the client's configuration.
   *
   * @param store the delivery record
   * @param resolver finds endpoints not sent to in this process
   * @param listener hears every event
   * @param clock the time for signatures, due times and health
   * @param retryPolicy the default policy
   * @param maxConcurrencyPerEndpoint the default per-endpoint limit
   * @param circuitBreaker each endpoint's breaker settings
   * @param disableAfter how long an endpoint may fail before it is disabled, or {@code null}
   * @param pollInterval how often the store is polled when nothing wakes the loop earlier
   * @param lease how long a claimed delivery stays leased
   * @param batchSize the most deliveries claimed at once
   */
  public record Settings(
      DeliveryStore store,
      EndpointResolver resolver,
      DeliveryListener listener,
      Clock clock,
      RetryPolicy retryPolicy,
      int maxConcurrencyPerEndpoint,
      CircuitBreaker circuitBreaker,
      @Nullable Duration disableAfter,
      Duration pollInterval,
      Duration lease,
      int batchSize) {}

  private record Key(String messageId, String endpointId) {}

  private static final Duration UNKNOWN_ENDPOINT_WAIT = Duration.ofMinutes(1);
  /** The most unfinished results looked up in one round, which runs on the loop's thread. */
  private static final int MAX_LOOKUPS = 1_000;
  /** Polls between looks in the store for a gone or disabled endpoint enabled elsewhere. */
  private static final int REFRESH_POLLS = 10;
  private static final System.Logger LOG = System.getLogger(DeliveryLoop.class.getName());

  private final Settings settings;
  private final DeliveryStore store;
  private final Clock clock;
  private final Transport transport;
  private final Duration halfLease;
  private final long refreshNanos;
  private final long firstLookNanos;
  private volatile boolean storeLooksUp = true;
  private final String owner = "hookmesh-" + UUID.randomUUID();
  private final ScheduledThreadPoolExecutor scheduler;
  private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();
  private final Map<String, EndpointLane> lanes = new ConcurrentHashMap<>();
  private final Map<Key, Tracked> results = new ConcurrentHashMap<>();
  private final Set<Call> calls = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean pollQueued = new AtomicBoolean();
  // Whether the next poll that leaves due work behind looks up when more falls due: set by the
  // periodic poll and the timers, not by sends, so a burst of sends does not cost a query each.
  private final AtomicBoolean lookAhead = new AtomicBoolean();
  private final Object timerLock = new Object();
  private @Nullable ScheduledFuture<?> timer;
  private long timerAt;
  private volatile boolean closed;
  private volatile @Nullable Thread loopThread;

  /**
   * Creates the loop and starts polling.
   *
   * @param settings the configuration
   * @param transport the HTTP side
   */
  public DeliveryLoop(Settings settings, Transport transport) {
    this.settings = settings;
    this.store = settings.store();
    this.clock = settings.clock();
    this.transport = transport;
    this.halfLease = settings.lease().dividedBy(2);
    this.refreshNanos = settings.pollInterval().toNanos() * REFRESH_POLLS;
    this.firstLookNanos = settings.lease().toNanos() * 2;
    this.scheduler = new ScheduledThreadPoolExecutor(1, runnable -> {
      Thread thread = new Thread(runnable, "hookmesh-delivery");
      thread.setDaemon(true);
      loopThread = thread;
      return thread;
    });
    scheduler.setRemoveOnCancelPolicy(true);
    long interval = settings.pollInterval().toNanos();
    scheduler.scheduleWithFixedDelay(() -> {
      lookAhead.set(true);
      poll();
    }, 0, interval, TimeUnit.NANOSECONDS);
    long lease = settings.lease().toNanos();
    scheduler.scheduleWithFixedDelay(
        this::lookUpUnfinishedResults, lease, lease, TimeUnit.NANOSECONDS);
  }

  /**
   * A result a caller may be waiting on, and when the store is next asked about its delivery if
   * this instance has not finished it by then.
   */
  private static final class Tracked extends CompletableFuture<DeliveryResult> {
    private final long registeredNanos = System.nanoTime();
    private long lookAtNanos;

    Tracked(long lookAtNanos) {
      this.lookAtNanos = lookAtNanos;
    }
  }

  /**
   * Stores a delivery and wakes the loop.
   *
   * @param endpoint the endpoint
   * @param message the message, encoded
   * @return the handle
   */
  public Delivery send(Endpoint endpoint, WebhookMessage message) {
    return send(List.of(endpoint), message).get(0);
  }

  /**
   * Stores a message's deliveries to several endpoints in one store write and wakes the loop.
   * Deliveries to a gone or disabled endpoint finish at once, unattempted.
   *
   * @param targets the endpoints
   * @param message the message, encoded
   * @return a handle per endpoint, in order
   */
  public List<Delivery> send(List<Endpoint> targets, WebhookMessage message) {
    requireOpen();
    if (targets.isEmpty()) {
      return List.of(); // no endpoint subscribed: nothing to store
    }
    Instant now = clock.instant();
    // Per target, the future its result completes, or null if the endpoint refuses deliveries.
    List<@Nullable CompletableFuture<DeliveryResult>> futures = new ArrayList<>(targets.size());
    List<Key> accepted = new ArrayList<>(targets.size());
    List<Key> registered = new ArrayList<>(targets.size());
    boolean idleLane = false;
    for (Endpoint endpoint : targets) {
      endpoints.put(endpoint.id(), endpoint);
      EndpointLane lane = lane(endpoint.id());
      refreshIfRefusing(lane);
      if (lane.refusing()) {
        futures.add(null);
        continue;
      }
      // Registered before the delivery is stored, so that no poll can finish it unheard.
      Key key = new Key(message.id(), endpoint.id());
      Tracked fresh = new Tracked(System.nanoTime() + firstLookNanos);
      Tracked pending = results.putIfAbsent(key, fresh);
      futures.add(pending != null ? pending : fresh);
      if (pending == null) {
        registered.add(key);
      }
      accepted.add(key);
      idleLane |= !lane.busy(maxConcurrency(endpoint.id()));
    }
    try {
      if (accepted.isEmpty()) {
        store.saveMessage(message);
      } else if (accepted.size() == 1) {
        store.enqueue(message, accepted.get(0).endpointId(), now);
      } else {
        store.enqueueAll(message, accepted.stream().map(Key::endpointId).toList(), now);
      }
    } catch (RuntimeException e) {
      registered.forEach(results::remove); // nothing was stored: nothing will complete them
      throw e;
    }
    // A busy endpoint takes its delivery when a slot frees up; a claim now would only scan past it.
    if (idleLane) {
      wake();
    }
    List<Delivery> deliveries = new ArrayList<>(targets.size());
    for (int i = 0; i < targets.size(); i++) {
      Endpoint endpoint = targets.get(i);
      CompletableFuture<DeliveryResult> result = futures.get(i);
      deliveries.add(result == null
          ? finishedUnattempted(endpoint, message, now)
          : new Delivery(message.id(), endpoint.id(), result));
    }
    return List.copyOf(deliveries);
  }

  // A delivery to a gone or disabled endpoint: finished at once, heard by the listener.
  private Delivery finishedUnattempted(Endpoint endpoint, WebhookMessage message, Instant now) {
    EndpointLane lane = lane(endpoint.id());
    DeliveryOutcome outcome =
        lane.gone() ? DeliveryOutcome.ENDPOINT_GONE : DeliveryOutcome.ENDPOINT_DISABLED;
    DeliveryResult result =
        new DeliveryResult(message.id(), endpoint.id(), outcome, 0, null, now);
    emit(new DeliveryEvent(
        DeliveryEvent.Type.FINISHED, endpoint.id(), message.id(), 0, null, null, outcome, null));
    return new Delivery(message.id(), endpoint.id(), CompletableFuture.completedFuture(result));
  }

  /**
   * Makes one attempt now, on the caller's thread, outside the queue.
   *
   * @param endpoint the endpoint
   * @param message the message, encoded
   * @return the attempt, also added to the store's attempt log
   */
  public DeliveryAttempt attemptOnce(Endpoint endpoint, WebhookMessage message) {
    requireOpen();
    Instant startedAt = clock.instant();
    long start = System.nanoTime();
    DeliveryAttempt attempt;
    @Nullable IOException failure = null;
    try {
      Response response = transport.newCall(endpoint, message, startedAt).execute();
      attempt = transport.recordOf(message.id(), endpoint.id(), 1, startedAt, since(start),
          response, response.headers().toMultimap());
    } catch (IOException e) {
      failure = e;
      attempt = Transport.recordOf(message.id(), endpoint.id(), 1, startedAt, since(start), e);
    }
    // Stored just before its attempt is recorded, so a bounded store cannot have let it go.
    store.saveMessage(message);
    store.recordAttempt(attempt);
    emit(DeliveryEvent.Type.ATTEMPTED, attempt, null, failure);
    return attempt;
  }

  /**
   * Makes a message's finished deliveries pending again.
   *
   * @param messageId the message's id
   * @return a handle per delivery made pending
   */
  public List<Delivery> redeliver(String messageId) {
    requireOpen();
    if (Thread.currentThread() == loopThread) {
      return redeliverNow(messageId); // from a listener called by the loop itself
    }
    // On the loop's thread, so no poll can claim a delivery before its future is registered.
    try {
      return scheduler.submit(() -> redeliverNow(messageId)).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while scheduling the redelivery of " + messageId, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Could not redeliver " + messageId, e.getCause());
    }
  }

  private List<Delivery> redeliverNow(String messageId) {
    List<Delivery> deliveries = new ArrayList<>();
    for (String endpointId : store.redeliver(messageId, clock.instant())) {
      deliveries.add(track(messageId, endpointId));
    }
    wake();
    return List.copyOf(deliveries);
  }

  /**
   * Makes every failed delivery to an endpoint since a time pending again.
   *
   * @param endpointId the endpoint's id
   * @param since the earliest message creation time to redeliver
   * @return a handle per delivery made pending
   */
  public List<Delivery> recover(String endpointId, Instant since) {
    requireOpen();
    if (Thread.currentThread() == loopThread) {
      return recoverNow(endpointId, since);
    }
    try {
      return scheduler.submit(() -> recoverNow(endpointId, since)).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while recovering " + endpointId, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Could not recover " + endpointId, e.getCause());
    }
  }

  private List<Delivery> recoverNow(String endpointId, Instant since) {
    List<Delivery> deliveries = new ArrayList<>();
    for (String messageId : store.redeliverFailed(endpointId, since, clock.instant())) {
      deliveries.add(track(messageId, endpointId));
    }
    wake();
    return List.copyOf(deliveries);
  }

  private Delivery track(String messageId, String endpointId) {
    Tracked result = new Tracked(System.nanoTime() + firstLookNanos);
    results.put(new Key(messageId, endpointId), result);
    return new Delivery(messageId, endpointId, result);
  }

  /**
   * Clears an endpoint's gone and disabled marks and closes its circuit.
   *
   * @param endpointId the endpoint's id
   */
  public void enableEndpoint(String endpointId) {
    EndpointLane lane = lane(endpointId);
    lane.enable();
    saveState(lane);
    emit(new DeliveryEvent(DeliveryEvent.Type.ENDPOINT_ENABLED, endpointId, null, 0, null, null, null, null));
    wake();
  }

  /**
   * An endpoint's health as this loop sees it.
   *
   * @param endpointId the endpoint's id
   * @return the snapshot
   */
  public EndpointHealth health(String endpointId) {
    return lane(endpointId).health(clock.instant());
  }

  /**
   * The health of every endpoint this loop has seen, ordered by endpoint id.
   *
   * @return the snapshots
   */
  public List<EndpointHealth> health() {
    Instant now = clock.instant();
    return lanes.values().stream().map(lane -> lane.health(now))
        .sorted(Comparator.comparing(EndpointHealth::endpointId)).toList();
  }

  private EndpointLane lane(String endpointId) {
    return lanes.computeIfAbsent(endpointId, this::newLane);
  }

  private EndpointLane newLane(String endpointId) {
    EndpointLane lane =
        new EndpointLane(endpointId, settings.circuitBreaker(), settings.disableAfter());
    restore(lane);
    return lane;
  }

  // The endpoint's state as remembered by the store: gone, disabled, failing since.
  private void restore(EndpointLane lane) {
    try {
      store.endpointState(lane.endpointId()).ifPresent(lane::restore);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "Could not read the stored state of endpoint "
          + lane.endpointId() + "; it counts as healthy until it is read", e);
    }
  }

  // Another instance may have enabled it: look again now and then, not at every delivery.
  private void refreshIfRefusing(EndpointLane lane) {
    if (lane.refusing() && lane.refreshDue(System.nanoTime(), refreshNanos)) {
      restore(lane);
    }
  }

  // Saves a changed state; a failure is logged, and the state saved at the next change.
  private void saveState(EndpointLane lane) {
    synchronized (lane.saving) {
      EndpointState state = lane.unsavedState();
      if (state == null) {
        return;
      }
      try {
        store.saveEndpointState(state);
      } catch (RuntimeException e) {
        lane.saveFailed();
        LOG.log(System.Logger.Level.WARNING, "Could not save the state of endpoint "
            + lane.endpointId() + "; deliveries go on", e);
      }
    }
  }

  private int maxConcurrency(String endpointId) {
    Endpoint endpoint = endpoints.get(endpointId);
    return endpoint == null
        ? settings.maxConcurrencyPerEndpoint()
        : endpoint.maxConcurrency().orElse(settings.maxConcurrencyPerEndpoint());
  }

  private @Nullable Endpoint endpoint(String endpointId) {
    Endpoint known = endpoints.get(endpointId);
    if (known != null) {
      return known;
    }
    Endpoint found = settings.resolver().find(endpointId).orElse(null);
    if (found != null) {
      endpoints.putIfAbsent(endpointId, found);
    }
    return found;
  }

  // ---- the loop: poll, admit, attempt ----

  private void wake() {
    if (!closed && pollQueued.compareAndSet(false, true)) {
      try {
        scheduler.execute(this::poll);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        pollQueued.set(false); // closing
      }
    }
  }

  private void wakeAt(Instant due) {
    long delay = Duration.between(clock.instant(), due).toNanos();
    if (delay <= 0) {
      wake();
      return;
    }
    long at = System.nanoTime() + delay;
    synchronized (timerLock) {
      if (closed || (timer != null && !timer.isDone() && timerAt - at <= 0)) {
        return;
      }
      if (timer != null) {
        timer.cancel(false);
      }
      timerAt = at;
      try {
        timer = scheduler.schedule(() -> {
          lookAhead.set(true);
          wake();
        }, delay, TimeUnit.NANOSECONDS);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        timer = null; // closing
      }
    }
  }

  private void poll() {
    pollQueued.set(false);
    if (closed) {
      return;
    }
    try {
      Instant now = clock.instant();
      Set<String> busy = new HashSet<>();
      int held = 0;
      for (Map.Entry<String, EndpointLane> entry : lanes.entrySet()) {
        EndpointLane lane = entry.getValue();
        held += lane.held();
        if (lane.busy(maxConcurrency(entry.getKey()))) {
          busy.add(entry.getKey());
        }
      }
      // Claimed deliveries wait in their lanes under a lease: claim no more than the batch can
      // hold, so a backlog is left in the store for other instances instead of going stale here.
      int room = settings.batchSize() - held;
      if (room <= 0) {
        return; // the next finished attempt wakes the loop
      }
      List<PendingDelivery> claimed = store.claimDue(now, room, busy, settings.lease(), owner);
      for (PendingDelivery delivery : claimed) {
        dispatch(delivery, now);
      }
      if (claimed.size() == room) {
        wake();
      } else if (lookAhead.getAndSet(false)) {
        // Work due later: this instance's retries and holds set their own timers; this catches
        // the rest (other instances', expiring leases) sooner than the next periodic poll.
        store.nextDue().ifPresent(next -> {
          if (next.isAfter(now)) {
            wakeAt(next);
          }
        });
      }
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING,
          "Polling the delivery store failed; trying again at the next poll", e);
    }
  }

  private void dispatch(PendingDelivery delivery, Instant now) {
    Endpoint endpoint = endpoint(delivery.endpointId());
    if (endpoint == null) {
      store.reschedule(
          delivery, now.plus(UNKNOWN_ENDPOINT_WAIT), delivery.attempts(), delivery.firstAttemptAt());
      return;
    }
    offer(endpoint, delivery, now);
  }

  private void offer(Endpoint endpoint, PendingDelivery delivery, Instant now) {
    if (leaseRunningOut(delivery, now)) {
      handBack(delivery, now);
      return;
    }
    EndpointLane lane = lane(endpoint.id());
    refreshIfRefusing(lane);
    admitted(endpoint, lane, delivery,
        lane.admit(delivery, now, maxConcurrency(endpoint.id()), rateLimit(endpoint)));
    fillLaterIfThrottled(endpoint, lane);
  }

  private static int rateLimit(Endpoint endpoint) {
    return endpoint.rateLimit().orElse(0);
  }

  // Deliveries held back by the endpoint's rate limit start when it allows, not at a completion.
  private void fillLaterIfThrottled(Endpoint endpoint, EndpointLane lane) {
    long delay = lane.fillTimer(maxConcurrency(endpoint.id()), rateLimit(endpoint));
    if (delay == 0 || closed) {
      return;
    }
    try {
      scheduler.schedule(() -> {
        lane.filled();
        fillSlots(endpoint, lane);
      }, delay, TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      lane.filled(); // closing
    }
  }

  /**
   * Puts back, unattempted and due now, a delivery that waited for a slot so long that its
   * lease could expire mid-attempt and another owner send it too; it is claimed afresh.
   */
  private void handBack(PendingDelivery delivery, Instant now) {
    store.reschedule(delivery, now, delivery.attempts(), delivery.firstAttemptAt());
    wake();
  }

  private void admitted(Endpoint endpoint, EndpointLane lane, PendingDelivery delivery,
      EndpointLane.Admission admission) {
    switch (admission) {
      case START -> attempt(endpoint, lane, delivery);
      case WAIT -> { }
      case HOLD -> {
        Instant until = lane.openUntil();
        store.reschedule(delivery, until, delivery.attempts(), delivery.firstAttemptAt());
        wakeAt(until);
      }
      case GONE -> finish(delivery, DeliveryOutcome.ENDPOINT_GONE, delivery.attempts(), null);
      case DISABLED -> finish(delivery, DeliveryOutcome.ENDPOINT_DISABLED, delivery.attempts(), null);
    }
  }

  /** Whether less than half of a claimed delivery's lease is left. */
  private boolean leaseRunningOut(PendingDelivery delivery, Instant now) {
    Instant expiry = delivery.leaseExpiry();
    return expiry != null && Duration.between(now, expiry).compareTo(halfLease) < 0;
  }

  private void attempt(Endpoint endpoint, EndpointLane lane, PendingDelivery delivery) {
    int number = delivery.attempts() + 1;
    Instant startedAt = clock.instant();
    long start = System.nanoTime();
    Call call;
    try {
      call = transport.newCall(endpoint, delivery.message(), startedAt);
    } catch (RuntimeException e) {
      // Cannot even build the request (say, a content type OkHttp refuses): retrying cannot help.
      DeliveryAttempt record = Transport.recordOf(
          delivery.messageId(), endpoint.id(), number, startedAt, since(start), e);
      finish(delivery, DeliveryOutcome.REFUSED, number, record, e);
      afterAttempt(lane);
      return;
    }
    calls.add(call);
    call.enqueue(new Callback() {
      @Override
      public void onResponse(Call call, Response response) {
        Duration duration = since(start);
        Map<String, List<String>> headers = response.headers().toMultimap();
        AttemptOutcome outcome = AttemptOutcome.response(response.code(), headers, duration);
        DeliveryAttempt record = transport.recordOf(
            delivery.messageId(), endpoint.id(), number, startedAt, duration, response, headers);
        completed(call, endpoint, lane, delivery, record, outcome);
      }

      @Override
      public void onFailure(Call call, IOException error) {
        Duration duration = since(start);
        DeliveryAttempt record = Transport.recordOf(
            delivery.messageId(), endpoint.id(), number, startedAt, duration, error);
        completed(call, endpoint, lane, delivery, record, AttemptOutcome.failure(error, duration));
      }
    });
  }

  private void completed(Call call, Endpoint endpoint, EndpointLane lane, PendingDelivery delivery,
      DeliveryAttempt record, AttemptOutcome outcome) {
    try {
      if (closed && call.isCanceled()) {
        // Cut short by close(): not the endpoint's fault, so the attempt is not counted.
        store.reschedule(delivery, delivery.due(), delivery.attempts(), delivery.firstAttemptAt());
        return;
      }
      // The attempt is stored by finish or before the reschedule: with the outcome, one write.
      int number = record.attempt();
      emit(DeliveryEvent.Type.ATTEMPTED, record, null, outcome.error());
      Instant now = clock.instant();
      Instant first =
          delivery.firstAttemptAt() != null ? delivery.firstAttemptAt() : record.startedAt();
      Duration elapsed = Duration.between(first, now);
      AttemptOutcome timed = outcome.withElapsed(
          elapsed.compareTo(outcome.duration()) < 0 ? outcome.duration() : elapsed);
      Classification classification = timed.classification();
      boolean success = classification == Classification.SUCCESS;
      for (DeliveryEvent.Type type : lane.onResult(success, record.startedAt(), now)) {
        emit(type, record, null, outcome.error());
      }
      saveState(lane);
      switch (classification) {
        case SUCCESS -> finish(delivery, DeliveryOutcome.DELIVERED, number, record);
        case STOP -> finish(delivery, DeliveryOutcome.REFUSED, number, record, outcome.error());
        case GONE -> {
          if (lane.markGone()) {
            saveState(lane);
            emit(DeliveryEvent.Type.ENDPOINT_GONE, record, null, null);
          }
          finish(delivery, DeliveryOutcome.ENDPOINT_GONE, number, record);
        }
        case RETRYABLE -> {
          if (lane.disabled()) {
            finish(delivery, DeliveryOutcome.ENDPOINT_DISABLED, number, record);
            return;
          }
          RetryPolicy policy = endpoint.retryPolicy().orElse(settings.retryPolicy());
          RetryDecision decision = policy.decide(number, timed);
          if (!decision.shouldRetry()) {
            finish(delivery, DeliveryOutcome.EXHAUSTED, number, record, outcome.error());
            return;
          }
          Instant due = now.plus(decision.delay());
          store.recordAttempt(record);
          if (store.reschedule(delivery, due, number, first)) {
            emit(DeliveryEvent.Type.RETRY_SCHEDULED, record, decision.delay(), outcome.error());
            wakeAt(due);
          }
        }
      }
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "Recording an attempt of " + delivery.messageId()
          + " failed; it is attempted again when its lease expires", e);
    } finally {
      calls.remove(call);
      afterAttempt(lane);
    }
  }

  /**
   * Completes results that this instance will never complete itself: of deliveries another
   * instance finished, and of sends whose transaction rolled back (the store never had them).
   * A result is looked up two leases after the send, then again after twice its age each time,
   * so a delivery retrying for days costs a handful of lookups.
   */
  private void lookUpUnfinishedResults() {
    if (!storeLooksUp || closed) {
      return;
    }
    long now = System.nanoTime();
    int lookups = 0;
    for (Map.Entry<Key, Tracked> entry : results.entrySet()) {
      Key key = entry.getKey();
      Tracked result = entry.getValue();
      if (result.isDone() || now - result.lookAtNanos < 0) {
        continue;
      }
      if (++lookups > MAX_LOOKUPS) {
        return; // the rest at the next round: polling is waiting on this thread
      }
      Optional<DeliveryStatus> status;
      try {
        status = store.status(key.messageId(), key.endpointId());
      } catch (UnsupportedOperationException e) {
        storeLooksUp = false; // such results complete only when this instance finishes them
        return;
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING,
            "Could not look up unfinished deliveries; trying again later", e);
        return;
      }
      Duration age = Duration.ofNanos(now - result.registeredNanos);
      if (status.isEmpty()) {
        results.remove(key, result);
        result.completeExceptionally(new IllegalStateException("The delivery of "
            + key.messageId() + " to " + key.endpointId() + " was not in the store " + age
            + " after it was sent: the transaction that sent it rolled back"));
      } else if (status.get().finished()) {
        results.remove(key, result);
        result.complete(finishedElsewhere(key, status.get()));
      } else {
        result.lookAtNanos = now + (now - result.registeredNanos);
      }
    }
  }

  // The result of a delivery another instance finished, from the store's record of it.
  private DeliveryResult finishedElsewhere(Key key, DeliveryStatus status) {
    DeliveryAttempt last = null;
    for (DeliveryAttempt attempt : store.attempts(key.messageId())) {
      if (attempt.endpointId().equals(key.endpointId())) {
        last = attempt;
      }
    }
    Instant finishedAt = status.finishedAt() != null ? status.finishedAt() : clock.instant();
    return new DeliveryResult(key.messageId(), key.endpointId(),
        Objects.requireNonNull(status.outcome()), last == null ? 0 : last.attempt(), last,
        finishedAt);
  }

  private void afterAttempt(EndpointLane lane) {
    lane.release();
    synchronized (calls) {
      calls.notifyAll();
    }
    if (closed) {
      return;
    }
    Endpoint endpoint = endpoints.get(lane.endpointId());
    if (endpoint != null) {
      fillSlots(endpoint, lane);
    }
    // Claim more only when this endpoint has a free slot its own backlog did not fill: while it
    // is busy, a claim would scan past its due deliveries for nothing. Other endpoints' work is
    // claimed when it is due (the timer) or sent.
    if (!lane.busy(maxConcurrency(lane.endpointId()))) {
      wake();
    }
  }

  // Waiting deliveries go straight into free slots, on this thread, one at a time.
  private void fillSlots(Endpoint endpoint, EndpointLane lane) {
    if (closed) {
      return;
    }
    Instant now = clock.instant();
    int maxConcurrency = maxConcurrency(endpoint.id());
    int rateLimit = rateLimit(endpoint);
    for (EndpointLane.Next next; (next = lane.next(now, maxConcurrency, rateLimit)) != null; ) {
      if (next.admission() == EndpointLane.Admission.START
          && leaseRunningOut(next.delivery(), now)) {
        lane.release();
        handBack(next.delivery(), now);
      } else {
        admitted(endpoint, lane, next.delivery(), next.admission());
      }
    }
    fillLaterIfThrottled(endpoint, lane);
  }

  private void finish(PendingDelivery delivery, DeliveryOutcome outcome, int attempts,
      @Nullable DeliveryAttempt last) {
    finish(delivery, outcome, attempts, last, null);
  }

  /**
   * Finishes a delivery; {@code last}, when given, is the attempt just made, not yet stored, and
   * is recorded with the outcome.
   */
  private void finish(PendingDelivery delivery, DeliveryOutcome outcome, int attempts,
      @Nullable DeliveryAttempt last, @Nullable Throwable cause) {
    boolean held = last == null
        ? store.complete(delivery, outcome)
        : store.complete(delivery, outcome, last);
    if (!held) {
      return; // the lease was lost: another owner has the delivery now
    }
    DeliveryResult result = new DeliveryResult(
        delivery.messageId(), delivery.endpointId(), outcome, attempts, last, clock.instant());
    // Listeners hear of the outcome before anyone waiting on the result does.
    emit(new DeliveryEvent(DeliveryEvent.Type.FINISHED, delivery.endpointId(),
        delivery.messageId(), attempts, last, null, outcome, cause));
    CompletableFuture<DeliveryResult> future =
        results.remove(new Key(delivery.messageId(), delivery.endpointId()));
    if (future != null) {
      future.complete(result);
    }
  }

  private void emit(DeliveryEvent.Type type, DeliveryAttempt record, @Nullable Duration wait,
      @Nullable Throwable cause) {
    emit(new DeliveryEvent(
        type, record.endpointId(), record.messageId(), record.attempt(), record, wait, null, cause));
  }

  private void emit(DeliveryEvent event) {
    try {
      settings.listener().onEvent(event);
    } catch (RuntimeException e) {
      // A listener must not break deliveries.
      LOG.log(System.Logger.Level.WARNING, "A DeliveryListener threw on " + event.type(), e);
    }
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("This WebhookClient is closed: build a new one to send;"
          + " pending deliveries stay in its DeliveryStore");
    }
  }

  private static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  /**
   * Stops claiming, puts queued deliveries back, waits for attempts in flight, then cancels
   * what is left (those are put back without using an attempt).
   *
   * @param timeout how long to wait for attempts in flight
   */
  public void close(Duration timeout) {
    if (closed) {
      return;
    }
    closed = true;
    scheduler.shutdownNow();
    try {
      // A poll in progress may still be starting attempts; let it finish first.
      scheduler.awaitTermination(timeout.toNanos() + TimeUnit.SECONDS.toNanos(1), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (EndpointLane lane : lanes.values()) {
      for (PendingDelivery waiting : lane.drainWaiting()) {
        store.reschedule(waiting, waiting.due(), waiting.attempts(), waiting.firstAttemptAt());
      }
    }
    if (!awaitCalls(System.nanoTime() + timeout.toNanos())) {
      calls.forEach(Call::cancel);
      awaitCalls(System.nanoTime() + TimeUnit.SECONDS.toNanos(1));
    }
    IllegalStateException closedFirst = new IllegalStateException("The WebhookClient was closed"
        + " before this delivery finished; it stays pending in the DeliveryStore");
    results.values().forEach(future -> future.completeExceptionally(closedFirst));
    results.clear();
    transport.release();
  }

  private boolean awaitCalls(long deadline) {
    synchronized (calls) {
      long left;
      while (!calls.isEmpty() && (left = deadline - System.nanoTime()) > 0) {
        try {
          TimeUnit.NANOSECONDS.timedWait(calls, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return calls.isEmpty();
        }
      }
      return calls.isEmpty();
    }
  }
}
