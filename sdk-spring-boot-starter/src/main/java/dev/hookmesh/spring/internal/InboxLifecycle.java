package dev.hookmesh.spring.internal;

import dev.hookmesh.inbox.WebhookInbox;
import java.time.Duration;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the inbox's workers once the application's listeners are ready, before the web server
 * takes requests, and stops them after it stopped: so no stored event meets an application
 * that is not ready for it, and no request meets an inbox that stopped.
 */
public final class InboxLifecycle implements SmartLifecycle {

  /** Before the web server starts (and so after it stops). */
  static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 2048;

  private static final Log logger = LogFactory.getLog(InboxLifecycle.class);

  private final WebhookInbox inbox;
  private final WebhookDispatcher dispatcher;
  private final Duration retryAfter;
  private final boolean durable;
  private final boolean processEvents;
  private volatile boolean running;

  /**
   * Creates the lifecycle.
   *
   * @param inbox the inbox, built with its start deferred
   * @param dispatcher stores inbox endpoints' events in it
   * @param retryAfter what a 503 asks the sender to wait when it cannot store
   * @param durable whether the inbox's store survives a restart; if not, the log says so once
   * @param processEvents whether to start the workers; an ingest-only instance stores events
   *     for other instances to process
   */
  public InboxLifecycle(WebhookInbox inbox, WebhookDispatcher dispatcher, Duration retryAfter,
      boolean durable, boolean processEvents) {
    this.inbox = inbox;
    this.dispatcher = dispatcher;
    this.retryAfter = retryAfter;
    this.durable = durable;
    this.processEvents = processEvents;
    dispatcher.useInbox(inbox, retryAfter);
  }

  @Override
  public void start() {
    if (!durable) {
      logger.warn("The webhook inbox keeps its events in memory: an event acknowledged to its"
          + " sender is lost if the application stops before processing it. Add a DataSource"
          + " (and Hookmesh's schema) for a durable inbox.");
    }
    if (processEvents) {
      inbox.start();
    } else {
      logger.info("This instance stores and acknowledges webhooks without processing them"
          + " (hookmesh.receiver.inbox.process-events=false): instances with workers process"
          + " them from the shared database.");
      if (!durable) {
        logger.warn("With the inbox in memory, nothing will ever process them.");
      }
    }
    running = true;
  }

  @Override
  public void stop() {
    running = false;
    inbox.close();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }

  @Override
  public String toString() {
    return "InboxLifecycle[" + inbox + ", retryAfter=" + retryAfter + ", processEvents="
        + processEvents + "]";
  }
}
