package dev.hookmesh.spring.internal;

import dev.hookmesh.jdbc.JdbcDeliveryStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Deletes finished work older than the retention period, now and then, on a daemon thread of
 * its own: the sender's finished messages, or the inbox's processed events and dead letters.
 * Pending work is never deleted.
 */
public final class RetentionPurger implements SmartLifecycle {

  private static final Log logger = LogFactory.getLog(RetentionPurger.class);

  /** Deletes what finished before a time. */
  @FunctionalInterface
  public interface Purge {
    /**
     * Deletes what finished before {@code cutOff}.
     *
     * @param cutOff the time
     * @return how many were deleted
     */
    int olderThan(Instant cutOff);
  }

  private final String what;
  private final Purge purge;
  private final Duration retention;
  private final Duration interval;
  private final Clock clock;
  private volatile ScheduledExecutorService scheduler;

  /**
   * Creates a purger of the sender's finished messages.
   *
   * @param store the store to purge
   * @param retention how long finished messages are kept
   * @param interval how often to purge
   */
  public RetentionPurger(JdbcDeliveryStore store, Duration retention, Duration interval) {
    this("finished webhook messages", store::purge, retention, interval);
  }

  /**
   * Creates a purger.
   *
   * @param what what it deletes, for the log
   * @param purge deletes it
   * @param retention how long it is kept
   * @param interval how often to purge
   */
  public RetentionPurger(String what, Purge purge, Duration retention, Duration interval) {
    this.what = what;
    this.purge = purge;
    this.retention = retention;
    this.interval = interval;
    this.clock = Clock.systemUTC();
  }

  /**
   * Purges once.
   *
   * @return how many were deleted
   */
  public int purgeNow() {
    return purge.olderThan(clock.instant().minus(retention));
  }

  @Override
  public void start() {
    ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "hookmesh-retention");
      thread.setDaemon(true);
      return thread;
    });
    long every = interval.toMillis();
    started.scheduleWithFixedDelay(this::purgeQuietly, every, every, TimeUnit.MILLISECONDS);
    scheduler = started;
  }

  private void purgeQuietly() {
    try {
      int deleted = purgeNow();
      if (deleted > 0 && logger.isDebugEnabled()) {
        logger.debug("Purged " + deleted + " " + what + " older than " + retention);
      }
    } catch (RuntimeException e) {
      logger.warn("Could not purge " + what + "; will try again in " + interval, e);
    }
  }

  @Override
  public void stop() {
    ScheduledExecutorService running = scheduler;
    if (running != null) {
      running.shutdownNow();
      scheduler = null;
    }
  }

  @Override
  public boolean isRunning() {
    return scheduler != null;
  }

  @Override
  public String toString() {
    return "RetentionPurger[" + what + ", retention=" + retention + ", every=" + interval + "]";
  }
}
