package dev.hookmesh.spring.internal;

import dev.hookmesh.jdbc.JdbcDeliveryStore;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Deletes finished messages older than the retention period, now and then, on a daemon
 * thread of its own. Pending deliveries are never deleted.
 */
public final class RetentionPurger implements SmartLifecycle {

  private static final Log logger = LogFactory.getLog(RetentionPurger.class);

  private final JdbcDeliveryStore store;
  private final Duration retention;
  private final Duration interval;
  private final Clock clock;
  private volatile ScheduledExecutorService scheduler;

  /**
   * Creates a purger.
   *
   * @param store the store to purge
   * @param retention how long finished messages are kept
   * @param interval how often to purge
   */
  public RetentionPurger(JdbcDeliveryStore store, Duration retention, Duration interval) {
    this.store = store;
    this.retention = retention;
    this.interval = interval;
    this.clock = Clock.systemUTC();
  }

  /**
   * Purges once.
   *
   * @return how many messages were deleted
   */
  public int purgeNow() {
    return store.purge(clock.instant().minus(retention));
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
        logger.debug("Purged " + deleted + " finished webhook messages older than " + retention);
      }
    } catch (RuntimeException e) {
      logger.warn("Could not purge finished webhook messages; will try again in " + interval, e);
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
    return "RetentionPurger[retention=" + retention + ", every=" + interval + "]";
  }
}
