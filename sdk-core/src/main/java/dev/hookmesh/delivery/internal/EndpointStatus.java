package dev.hookmesh.delivery.internal;

import dev.hookmesh.delivery.EndpointState;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What a client remembers about an endpoint across attempts, and saves in its store: whether it
 * is gone (it answered 410) or disabled (it failed for too long), and since when it has been
 * failing. Tracks whether that changed since the store last heard. Time comes from the caller.
 * Not thread-safe: its {@link EndpointGate} guards it.
 */
final class EndpointStatus {

  private boolean gone;
  private boolean disabled;
  private @Nullable Instant failingSince;
  // Whether gone, disabled or failingSince changed since the store last saw them.
  private boolean unsaved;
  private Instant refreshedAt;

  /** A healthy endpoint, read from the store at {@code now}. */
  EndpointStatus(Instant now) {
    this.refreshedAt = now;
  }

  /**
   * Counts an attempt's result towards the failing period.
   *
   * @param disableAfter how long the endpoint may fail, or {@code null} for ever
   * @return whether this result disabled the endpoint
   */
  boolean onResult(boolean success, Instant startedAt, Instant now,
      @Nullable Duration disableAfter) {
    if (success) {
      unsaved |= failingSince != null;
      failingSince = null;
      return false;
    }
    if (failingSince == null) {
      failingSince = startedAt;
      unsaved = true;
    }
    if (!disabled && disableAfter != null
        && Duration.between(failingSince, now).compareTo(disableAfter) >= 0) {
      disabled = true;
      unsaved = true;
      return true;
    }
    return false;
  }

  /** @return {@code true} if the endpoint was not gone before */
  boolean markGone() {
    boolean newly = !gone;
    gone = true;
    unsaved |= newly;
    return newly;
  }

  boolean gone() {
    return gone;
  }

  boolean disabled() {
    return disabled;
  }

  @Nullable Instant failingSince() {
    return failingSince;
  }

  /** Whether deliveries to the endpoint end unattempted. */
  boolean refusing() {
    return gone || disabled;
  }

  /** Clears gone, disabled and the failing period. */
  void enable() {
    unsaved = true;
    gone = false;
    disabled = false;
    failingSince = null;
  }

  /**
   * Takes on the state remembered in the store, unless this client's newer judgement has not
   * reached the store yet.
   *
   * @return whether the store says the endpoint was enabled elsewhere since this client refused
   *     it, so its circuit should start afresh
   */
  boolean restore(EndpointState stored) {
    if (unsaved) {
      return false;
    }
    boolean enabledElsewhere = refusing() && stored.accepting();
    gone = stored.gone();
    disabled = stored.disabled();
    failingSince = stored.failingSince();
    return enabledElsewhere;
  }

  /**
   * The state to save, if it changed since the last call.
   *
   * @return the state, or {@code null} if nothing changed
   */
  @Nullable EndpointState unsavedState(String endpointId) {
    if (!unsaved) {
      return null;
    }
    unsaved = false;
    return new EndpointState(endpointId, gone, disabled, failingSince);
  }

  /** The state taken by {@link #unsavedState} could not be saved: offer it again later. */
  void saveFailed() {
    unsaved = true;
  }

  /**
   * Whether it is time to look in the store for a change another instance made; if so, the next
   * look is due {@code interval} from now.
   */
  boolean refreshDue(Instant now, Duration interval) {
    if (now.isBefore(refreshedAt.plus(interval))) {
      return false;
    }
    refreshedAt = now;
    return true;
  }
}
