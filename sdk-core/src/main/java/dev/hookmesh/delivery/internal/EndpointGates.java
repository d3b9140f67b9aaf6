package dev.hookmesh.delivery.internal;

import dev.hookmesh.delivery.CircuitBreaker;
import dev.hookmesh.delivery.DeliveryStore;
import dev.hookmesh.delivery.EndpointState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Every endpoint's {@link EndpointGate}, kept in step with the store: a gate starts from the
 * state the store remembers, looks again now and then (another instance may have enabled the
 * endpoint, or marked it gone), and a changed state is saved.
 */
final class EndpointGates {

  /** Polls between looks in the store for a change another instance made. */
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

  /**
   * Makes or refreshes, from one read of the store, the gates of endpoints about to be sent to
   * that have none yet or whose look in the store is due: so a message to many endpoints costs
   * one read, not one per endpoint.
   */
  void prepare(Collection<String> endpointIds) {
    Instant now = clock.instant();
    List<String> reading = new ArrayList<>();
    for (String endpointId : endpointIds) {
      EndpointGate gate = gates.get(endpointId);
      if (gate == null || gate.refreshDue(now, refreshInterval)) {
        reading.add(endpointId);
      }
    }
    if (reading.isEmpty()) {
      return;
    }
    Map<String, EndpointState> states;
    try {
      states = store.endpointStates(reading);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "Could not read the stored state of " + reading.size()
          + " endpoints; they count as they were until they are read", e);
      return;
    }
    for (String endpointId : reading) {
      EndpointGate gate = gates.computeIfAbsent(endpointId,
          id -> new EndpointGate(id, breaker, disableAfter, now));
      EndpointState state = states.get(endpointId);
      if (state != null) {
        gate.restore(state);
      }
    }
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
   * The endpoint's gate, looked up again in the store if it has not been for a while: another
   * instance may have enabled it, found it gone, or a registry deleted it.
   */
  EndpointGate current(String endpointId) {
    EndpointGate gate = gate(endpointId);
    if (gate.refreshDue(clock.instant(), refreshInterval)) {
      restore(gate);
    }
    return gate;
  }

  /**
   * The endpoint's gate as the store has it now: for an endpoint the resolver no longer knows,
   * which a registry that deleted it marked gone.
   */
  EndpointGate reloaded(String endpointId) {
    EndpointGate gate = gate(endpointId);
    restore(gate);
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
