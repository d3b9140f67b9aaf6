package dev.hookmesh.delivery.internal;

import dev.hookmesh.delivery.CircuitBreaker;
import dev.hookmesh.delivery.DeliveryStore;
import dev.hookmesh.delivery.EndpointState;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Every endpoint's {@link EndpointGate}, kept in step with the store: a gate starts from the
 * state the store remembers, a refusing one looks again now and then (another instance may have
 * enabled the endpoint), and a changed state is saved.
 */
final class EndpointGates {

  /** Polls between looks in the store for a gone or disabled endpoint enabled elsewhere. */
  private static final int REFRESH_POLLS = 10;
  private static final System.Logger LOG = System.getLogger(EndpointGates.class.getName());

  private final DeliveryStore store;
  private final Clock clock;
  private final CircuitBreaker breaker;
  private final @Nullable Duration disableAfter;
  private final Duration refreshInterval;
  private final Map<String, EndpointGate> gates = new ConcurrentHashMap<>();

  EndpointGates(DeliveryStore store, Clock clock, CircuitBreaker breaker,
      @Nullable Duration disableAfter, Duration pollInterval) {
    this.store = store;
    this.clock = clock;
    this.breaker = breaker;
    this.disableAfter = disableAfter;
    this.refreshInterval = pollInterval.multipliedBy(REFRESH_POLLS);
  }

  /** The endpoint's gate, made from the store's memory of it the first time. */
  EndpointGate gate(String endpointId) {
    EndpointGate gate = gates.get(endpointId);
    return gate != null ? gate : gates.computeIfAbsent(endpointId, this::newGate);
  }

  /** Every gate made so far. */
  Collection<EndpointGate> all() {
    return gates.values();
  }

  private EndpointGate newGate(String endpointId) {
    EndpointGate gate = new EndpointGate(endpointId, breaker, disableAfter, clock.instant());
    restore(gate);
    return gate;
  }

  private void restore(EndpointGate gate) {
    try {
      store.endpointState(gate.endpointId()).ifPresent(gate::restore);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "Could not read the stored state of endpoint "
          + gate.endpointId() + "; it counts as healthy until it is read", e);
    }
  }

  /**
   * The endpoint's gate, looked up again in the store if it refuses deliveries and has not been
   * looked up for a while: another instance may have enabled it.
   */
  EndpointGate current(String endpointId) {
    EndpointGate gate = gate(endpointId);
    if (gate.refusing() && gate.refreshDue(clock.instant(), refreshInterval)) {
      restore(gate);
    }
    return gate;
  }

  /** Saves a gate's changed state; a failure is logged, and the state saved at the next change. */
  void save(EndpointGate gate) {
    synchronized (gate.saving) {
      EndpointState state = gate.unsavedState();
      if (state == null) {
        return;
      }
      try {
        store.saveEndpointState(state);
      } catch (RuntimeException e) {
        gate.saveFailed();
        LOG.log(System.Logger.Level.WARNING, "Could not save the state of endpoint "
            + gate.endpointId() + "; deliveries go on", e);
      }
    }
  }
}
