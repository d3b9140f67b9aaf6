package dev.hookmesh.delivery.internal;

import dev.hookmesh.delivery.CircuitBreaker;
import dev.hookmesh.delivery.DeliveryEvent;
import dev.hookmesh.delivery.EndpointHealth;
import dev.hookmesh.delivery.EndpointState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Whether an endpoint takes deliveries now: its {@link EndpointStatus} (gone, disabled, failing
 * since) and its {@link CircuitState}, under one lock, so an attempt's result changes both at
 * once. Slots and pacing are the engine's lanes'; callers do the I/O.
 */
final class EndpointGate {

  /**
   * What the gate says about a delivery.
   *
   * @param kind what to do
   * @param holdUntil for {@link Kind#HOLD}, until when; otherwise {@code null}
   */
  record Verdict(Kind kind, @Nullable Instant holdUntil) {

    /** What to do with a delivery. */
    enum Kind {
      /** Attempt it, within the limit {@link #concurrency} gives. */
      OPEN,
      /** The circuit is open: put it back until {@code holdUntil}. */
      HOLD,
      /** The endpoint is gone: finish the delivery. */
      GONE,
      /** The endpoint is disabled: finish the delivery. */
      DISABLED
    }

    static final Verdict OPEN = new Verdict(Kind.OPEN, null);
    static final Verdict GONE = new Verdict(Kind.GONE, null);
    static final Verdict DISABLED = new Verdict(Kind.DISABLED, null);
  }

  private final String endpointId;
  private final CircuitState circuit;
  private final EndpointStatus status;
  private final @Nullable Duration disableAfter;
  /** Held while this gate's state is saved, so saves reach the store in the order taken. */
  final Object saving = new Object();

  EndpointGate(String endpointId, CircuitBreaker breaker, @Nullable Duration disableAfter,
      Instant now) {
    this.endpointId = endpointId;
    this.circuit = new CircuitState(breaker);
    this.status = new EndpointStatus(now);
    this.disableAfter = disableAfter;
  }

  String endpointId() {
    return endpointId;
  }

  /** Decides about a delivery now; an open circuit past its period lets one probe through. */
  synchronized Verdict verdict(Instant now) {
    if (status.gone()) {
      return Verdict.GONE;
    }
    if (status.disabled()) {
      return Verdict.DISABLED;
    }
    Instant holdUntil = circuit.holdUntil(now);
    return holdUntil == null ? Verdict.OPEN : new Verdict(Verdict.Kind.HOLD, holdUntil);
  }

  /** How many attempts may be in flight: one while the circuit is half-open. */
  synchronized int concurrency(int configured) {
    return circuit.concurrency(configured);
  }

  /**
   * Records an attempt's result in the circuit and the failing period.
   *
   * @return the endpoint events it caused, in order
   */
  synchronized List<DeliveryEvent.Type> onResult(boolean success, Instant startedAt, Instant now) {
    List<DeliveryEvent.Type> events = new ArrayList<>(1);
    int circuitChange = circuit.onResult(success, now);
    if (circuitChange < 0) {
      events.add(DeliveryEvent.Type.CIRCUIT_CLOSED);
    } else if (circuitChange > 0) {
      events.add(DeliveryEvent.Type.CIRCUIT_OPENED);
    }
    if (status.onResult(success, startedAt, now, disableAfter)) {
      events.add(DeliveryEvent.Type.ENDPOINT_DISABLED);
    }
    return events;
  }

  /** @return {@code true} if the endpoint was not gone before */
  synchronized boolean markGone() {
    return status.markGone();
  }

  synchronized boolean disabled() {
    return status.disabled();
  }

  /** Whether deliveries to the endpoint are finished unattempted. */
  synchronized boolean refusing() {
    return status.refusing();
  }

  /** Clears gone, disabled, the failing period and the circuit. */
  synchronized void enable() {
    status.enable();
    circuit.reset();
  }

  /**
   * Takes on the state remembered in the store: when the gate is made, and when another
   * instance may have enabled an endpoint this one still refuses.
   */
  synchronized void restore(EndpointState stored) {
    if (status.restore(stored)) {
      circuit.reset(); // enabled elsewhere: start afresh, as enable() does
    }
  }

  /** The state to save, if it changed since the last call; {@code null} if it did not. */
  synchronized @Nullable EndpointState unsavedState() {
    return status.unsavedState(endpointId);
  }

  /** The state taken by {@link #unsavedState()} could not be saved: offer it again later. */
  synchronized void saveFailed() {
    status.saveFailed();
  }

  /** Whether to look in the store again for a change made by another instance. */
  synchronized boolean refreshDue(Instant now, Duration interval) {
    return status.refreshDue(now, interval);
  }

  synchronized EndpointHealth health(Instant now, int inFlight) {
    return new EndpointHealth(endpointId, circuit.shown(now), status.gone(), status.disabled(),
        inFlight, status.failingSince());
  }
}
