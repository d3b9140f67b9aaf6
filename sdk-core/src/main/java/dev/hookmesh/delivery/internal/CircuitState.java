package dev.hookmesh.delivery.internal;

import dev.hookmesh.delivery.CircuitBreaker;
import dev.hookmesh.delivery.EndpointHealth;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One endpoint's circuit breaker: closed, open until a time, or half-open with one probe; it
 * opens after so many failures in a row or too high a failure rate over a window of attempts.
 * Time comes from the caller. Not thread-safe: its {@link EndpointGate} guards it.
 */
final class CircuitState {

  private final CircuitBreaker breaker;
  private final boolean[] window;
  private EndpointHealth.CircuitState state = EndpointHealth.CircuitState.CLOSED;
  private int consecutiveFailures;
  private int windowNext;
  private int windowCount;
  private int windowFailures;
  private Instant openUntil = Instant.MIN;

  CircuitState(CircuitBreaker breaker) {
    this.breaker = breaker;
    this.window = new boolean[breaker.enabled() ? breaker.window() : 0];
  }

  /**
   * Until when deliveries must wait: the end of the open period while it lasts. An open circuit
   * whose period is over turns half-open.
   *
   * @return the time, or {@code null} if an attempt may go now
   */
  @Nullable Instant holdUntil(Instant now) {
    if (state == EndpointHealth.CircuitState.OPEN) {
      if (now.isBefore(openUntil)) {
        return openUntil;
      }
      state = EndpointHealth.CircuitState.HALF_OPEN;
    }
    return null;
  }

  /** How many attempts may be in flight: one probe while half-open. */
  int concurrency(int configured) {
    return state == EndpointHealth.CircuitState.HALF_OPEN ? 1 : configured;
  }

  /**
   * Counts an attempt's result.
   *
   * @return {@code +1} if the circuit opened, {@code -1} if it closed, 0 otherwise
   */
  int onResult(boolean success, Instant now) {
    if (success) {
      consecutiveFailures = 0;
      record(false);
      if (state != EndpointHealth.CircuitState.CLOSED) {
        state = EndpointHealth.CircuitState.CLOSED;
        resetWindow();
        return -1;
      }
      return 0;
    }
    consecutiveFailures++;
    record(true);
    if (breaker.enabled() && state != EndpointHealth.CircuitState.OPEN
        && (state == EndpointHealth.CircuitState.HALF_OPEN
            || consecutiveFailures >= breaker.consecutiveFailures() || rateExceeded())) {
      state = EndpointHealth.CircuitState.OPEN;
      openUntil = now.plus(breaker.openDuration());
      resetWindow();
      return 1;
    }
    return 0;
  }

  /** Closes the circuit and forgets its failures. */
  void reset() {
    state = EndpointHealth.CircuitState.CLOSED;
    consecutiveFailures = 0;
    resetWindow();
  }

  /** The state as a health check shows it: an open circuit past its period shows half-open. */
  EndpointHealth.CircuitState shown(Instant now) {
    return state == EndpointHealth.CircuitState.OPEN && !now.isBefore(openUntil)
        ? EndpointHealth.CircuitState.HALF_OPEN : state;
  }

  private void record(boolean failure) {
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
}
