package dev.hookmesh.delivery.internal;

import dev.hookmesh.delivery.CircuitBreaker;
import dev.hookmesh.delivery.DeliveryEvent;
import dev.hookmesh.delivery.EndpointHealth;
import dev.hookmesh.delivery.EndpointHealth.CircuitState;
import dev.hookmesh.delivery.EndpointState;
import dev.hookmesh.delivery.PendingDelivery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One endpoint's health and admission: its circuit breaker, its concurrency limit with a small
 * queue of claimed deliveries waiting for a slot, whether it is gone or disabled, and since when
 * it has been failing. All state changes happen under this object's lock; callers do the I/O.
 */
final class EndpointLane {

  /** What to do with a delivery offered to the lane. */
  enum Admission {
    /** Attempt it now; a slot is taken. */
    START,
    /** Queued in the lane until a slot frees. */
    WAIT,
    /** The circuit is open: put it back until {@link #openUntil()} without using an attempt. */
    HOLD,
    /** The endpoint is gone: finish it. */
    GONE,
    /** The endpoint is disabled: finish it. */
    DISABLED
  }

  private final String endpointId;
  private final CircuitBreaker breaker;
  private final @Nullable Duration disableAfter;
  private final boolean[] window;

  private CircuitState state = CircuitState.CLOSED;
  private int consecutiveFailures;
  private int windowNext;
  private int windowCount;
  private int windowFailures;
  private Instant openUntil = Instant.MIN;
  private boolean gone;
  private boolean disabled;
  private @Nullable Instant failingSince;
  // Whether gone, disabled or failingSince changed since the store last saw them.
  private boolean unsaved;
  private long refreshedAtNanos = System.nanoTime();
  /** Held while this lane's state is saved, so saves reach the store in the order taken. */
  final Object saving = new Object();
  private int inFlight;
  private double tokens = Double.MAX_VALUE; // full: refill() caps it at the rate
  private long tokensAt = System.nanoTime();
  private boolean fillTimerSet;
  private final ArrayDeque<PendingDelivery> waiting = new ArrayDeque<>();

  EndpointLane(String endpointId, CircuitBreaker breaker, @Nullable Duration disableAfter) {
    this.endpointId = endpointId;
    this.breaker = breaker;
    this.disableAfter = disableAfter;
    this.window = new boolean[breaker.enabled() ? breaker.window() : 0];
  }

  /** A delivery taken from the lane's waiting queue, with what to do with it. */
  record Next(PendingDelivery delivery, Admission admission) {}

  /**
   * Admits a delivery: starts it if a slot is free, queues it otherwise, or says why it cannot
   * be attempted at all.
   */
  synchronized Admission admit(
      PendingDelivery delivery, Instant now, int maxConcurrency, int rateLimit) {
    Admission admission = admission(now, maxConcurrency, rateLimit);
    if (admission == Admission.WAIT) {
      waiting.add(delivery);
    }
    return admission;
  }

  /**
   * Takes the longest-waiting delivery if it can be decided now: when a slot is free (the slot
   * is taken for it), or when the endpoint is gone, disabled or its circuit open, so that it is
   * finished or put back. One delivery at a time, so a long queue costs nothing per attempt.
   *
   * @return the delivery and its admission, or {@code null} if none waits or no slot is free
   */
  synchronized @Nullable Next next(Instant now, int maxConcurrency, int rateLimit) {
    if (waiting.isEmpty()) {
      return null;
    }
    Admission admission = admission(now, maxConcurrency, rateLimit);
    return admission == Admission.WAIT ? null : new Next(waiting.poll(), admission);
  }

  private Admission admission(Instant now, int maxConcurrency, int rateLimit) {
    if (gone) {
      return Admission.GONE;
    }
    if (disabled) {
      return Admission.DISABLED;
    }
    if (state == CircuitState.OPEN) {
      if (now.isBefore(openUntil)) {
        return Admission.HOLD;
      }
      state = CircuitState.HALF_OPEN;
    }
    if (inFlight < limit(maxConcurrency) && (rateLimit == 0 || takeToken(rateLimit))) {
      inFlight++;
      return Admission.START;
    }
    return Admission.WAIT;
  }

  // A token bucket holding up to a second's worth of attempts, refilled continuously.
  private boolean takeToken(int rateLimit) {
    refill(rateLimit);
    if (tokens < 1) {
      return false;
    }
    tokens -= 1;
    return true;
  }

  private void refill(int rateLimit) {
    long now = System.nanoTime();
    tokens = Math.min(rateLimit, tokens + (now - tokensAt) * (double) rateLimit / 1e9);
    tokensAt = now;
  }

  /**
   * How long until a delivery waiting only for the rate limit may start, if a timer should be
   * set for it: some delivery waits, a slot is free, no token is left, and no timer is set yet.
   * The caller sets the timer and calls {@link #filled()} when it fires.
   *
   * @return nanoseconds to wait, or 0 if no timer is needed
   */
  synchronized long fillTimer(int maxConcurrency, int rateLimit) {
    if (rateLimit == 0 || fillTimerSet || waiting.isEmpty() || inFlight >= limit(maxConcurrency)) {
      return 0;
    }
    refill(rateLimit);
    if (tokens >= 1) {
      return 0;
    }
    fillTimerSet = true;
    return (long) Math.ceil((1 - tokens) * 1e9 / rateLimit);
  }

  /** The timer set after {@link #fillTimer} fired. */
  synchronized void filled() {
    fillTimerSet = false;
  }

  private int limit(int maxConcurrency) {
    return state == CircuitState.HALF_OPEN ? 1 : maxConcurrency;
  }

  /** The endpoint this lane admits deliveries for. */
  String endpointId() {
    return endpointId;
  }

  /** How many claimed deliveries this lane holds: in flight or waiting for a slot. */
  synchronized int held() {
    return inFlight + waiting.size();
  }

  /** Whether no more deliveries should be claimed for this endpoint now. */
  synchronized boolean busy(int maxConcurrency) {
    return inFlight + waiting.size() >= limit(maxConcurrency);
  }

  /**
   * Records an attempt's result in the breaker and the failing period.
   *
   * @return the endpoint events it caused, in order
   */
  synchronized List<DeliveryEvent.Type> onResult(boolean success, Instant startedAt, Instant now) {
    List<DeliveryEvent.Type> events = new ArrayList<>(1);
    if (success) {
      unsaved |= failingSince != null;
      failingSince = null;
      consecutiveFailures = 0;
      recordInWindow(false);
      if (state != CircuitState.CLOSED) {
        state = CircuitState.CLOSED;
        resetWindow();
        events.add(DeliveryEvent.Type.CIRCUIT_CLOSED);
      }
      return events;
    }
    if (failingSince == null) {
      failingSince = startedAt;
      unsaved = true;
    }
    consecutiveFailures++;
    recordInWindow(true);
    if (breaker.enabled() && state != CircuitState.OPEN && (state == CircuitState.HALF_OPEN
        || consecutiveFailures >= breaker.consecutiveFailures() || rateExceeded())) {
      state = CircuitState.OPEN;
      openUntil = now.plus(breaker.openDuration());
      resetWindow();
      events.add(DeliveryEvent.Type.CIRCUIT_OPENED);
    }
    if (!disabled && disableAfter != null
        && Duration.between(failingSince, now).compareTo(disableAfter) >= 0) {
      disabled = true;
      unsaved = true;
      events.add(DeliveryEvent.Type.ENDPOINT_DISABLED);
    }
    return events;
  }

  private void recordInWindow(boolean failure) {
    if (window.length == 0) {
      return;
    }
    if (windowCount == window.length) {
      windowFailures -= window[windowNext] ? 1 : 0;
    } else {
      windowCount++;
    }
    window[windowNext] = failure;
    windowFailures += failure ? 1 : 0;
    windowNext = (windowNext + 1) % window.length;
  }

  private boolean rateExceeded() {
    return windowCount == window.length
        && windowFailures >= breaker.failureRateThreshold() * windowCount;
  }

  private void resetWindow() {
    windowNext = 0;
    windowCount = 0;
    windowFailures = 0;
  }

  /** Frees the slot taken by {@link Admission#START}. */
  synchronized void release() {
    inFlight--;
  }

  /** Takes every waiting delivery out of the lane, to offer again or to put back. */
  synchronized List<PendingDelivery> drainWaiting() {
    List<PendingDelivery> drained = new ArrayList<>(waiting);
    waiting.clear();
    return drained;
  }

  /** @return {@code true} if the endpoint was not gone before */
  synchronized boolean markGone() {
    boolean newly = !gone;
    gone = true;
    unsaved |= newly;
    return newly;
  }

  synchronized boolean gone() {
    return gone;
  }

  synchronized boolean disabled() {
    return disabled;
  }

  synchronized Instant openUntil() {
    return openUntil;
  }

  /** Clears gone, disabled, the failing period and the breaker. */
  synchronized void enable() {
    unsaved = true;
    gone = false;
    disabled = false;
    failingSince = null;
    consecutiveFailures = 0;
    state = CircuitState.CLOSED;
    resetWindow();
  }

  /**
   * Takes on the state remembered in the store: when the lane is created, and when another
   * instance may have enabled an endpoint this one still thinks is gone or disabled.
   */
  synchronized void restore(EndpointState stored) {
    if (unsaved) {
      return; // this instance's newer judgement has not reached the store yet
    }
    if ((gone || disabled) && stored.accepting()) {
      state = CircuitState.CLOSED; // enabled elsewhere: start afresh, as enable() does
      consecutiveFailures = 0;
      resetWindow();
    }
    gone = stored.gone();
    disabled = stored.disabled();
    failingSince = stored.failingSince();
    unsaved = false;
  }

  /** Whether deliveries to the endpoint are finished unattempted. */
  synchronized boolean refusing() {
    return gone || disabled;
  }

  /**
   * The state to remember, if it changed since the last call.
   *
   * @return the state, or {@code null} if nothing changed
   */
  synchronized @Nullable EndpointState unsavedState() {
    if (!unsaved) {
      return null;
    }
    unsaved = false;
    return new EndpointState(endpointId, gone, disabled, failingSince);
  }

  /** The state taken by {@link #unsavedState()} could not be saved: offer it again later. */
  synchronized void saveFailed() {
    unsaved = true;
  }

  /**
   * Whether it is time to look in the store again for a change made by another instance; if so,
   * the next look is due {@code intervalNanos} from now.
   */
  synchronized boolean refreshDue(long nowNanos, long intervalNanos) {
    if (nowNanos - refreshedAtNanos < intervalNanos) {
      return false;
    }
    refreshedAtNanos = nowNanos;
    return true;
  }

  synchronized EndpointHealth health(Instant now) {
    CircuitState shown = state == CircuitState.OPEN && !now.isBefore(openUntil)
        ? CircuitState.HALF_OPEN : state;
    return new EndpointHealth(endpointId, shown, gone, disabled, inFlight, failingSince);
  }
}
