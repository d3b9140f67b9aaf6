package dev.hookmesh.queue.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * Decides when the engine claims: at once when woken (several wakes before the claim runs make
 * one claim), at the earliest time something is known to fall due, and every poll interval for
 * what nothing in this process announced (other instances' work, expired leases). Claims run on
 * the engine's one scheduler thread.
 */
final class Poller {

  private final ScheduledExecutorService scheduler;
  private final Clock clock;
  private final Runnable claim;
  private final AtomicBoolean queued = new AtomicBoolean();
  // Whether the next claim that leaves work behind asks when more falls due: set by the
  // periodic poll and the timers, not by wakes, so a burst of sends does not cost a query each.
  private final AtomicBoolean lookAhead = new AtomicBoolean();
  private final Object timerLock = new Object();
  private @Nullable ScheduledFuture<?> timer;
  private long timerAt;

  Poller(ScheduledExecutorService scheduler, Clock clock, Runnable claim) {
    this.scheduler = scheduler;
    this.clock = clock;
    this.claim = claim;
  }

  /** Starts the periodic poll, the first one now. */
  void start(Duration interval) {
    scheduler.scheduleWithFixedDelay(() -> {
      lookAhead.set(true);
      run();
    }, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Claims as soon as the scheduler thread is free; wakes that pile up make one claim. */
  void wake() {
    if (queued.compareAndSet(false, true)) {
      try {
        scheduler.execute(this::run);
      } catch (RejectedExecutionException closing) {
        queued.set(false);
      }
    }
  }

  /** Claims at {@code due}, unless a claim is already set for earlier. */
  void wakeAt(Instant due) {
    long delay = Duration.between(clock.instant(), due).toNanos();
    if (delay <= 0) {
      wake();
      return;
    }
    long at = System.nanoTime() + delay;
    synchronized (timerLock) {
      if (timer != null && !timer.isDone() && timerAt - at <= 0) {
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
      } catch (RejectedExecutionException closing) {
        timer = null;
      }
    }
  }

  /** Whether this claim should ask when more falls due; asking clears it. */
  boolean takeLookAhead() {
    return lookAhead.getAndSet(false);
  }

  private void run() {
    queued.set(false);
    claim.run();
  }
}
