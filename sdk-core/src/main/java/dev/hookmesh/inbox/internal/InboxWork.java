package dev.hookmesh.inbox.internal;

import dev.hookmesh.inbox.ClaimedEvent;
import dev.hookmesh.inbox.InboxActivity;
import dev.hookmesh.inbox.InboxEvent;
import dev.hookmesh.inbox.InboxHandler;
import dev.hookmesh.inbox.InboxListener;
import dev.hookmesh.inbox.InboxSettlement;
import dev.hookmesh.inbox.InboxStatus;
import dev.hookmesh.inbox.InboxStore;
import dev.hookmesh.inbox.InboxTransactions;
import dev.hookmesh.queue.internal.Admission;
import dev.hookmesh.queue.internal.QueueEngine;
import dev.hookmesh.queue.internal.Work;
import dev.hookmesh.retry.AttemptOutcome;
import dev.hookmesh.retry.Classification;
import dev.hookmesh.retry.RetryDecision;
import dev.hookmesh.retry.RetryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Processing inbox events, as the queue engine's {@link Work}: an event's key is its endpoint,
 * or its endpoint and ordering key, whose lane runs one event at a time; working on it is one
 * call of the handler on a worker thread, in a transaction that also marks it processed when
 * the application has one; and a failure is retried by the endpoint's policy or becomes a dead
 * letter.
 */
public final class InboxWork implements Work<ClaimedEvent, InboxDecision> {

  /** Separates an endpoint from an ordering key in a lane key; neither can contain it. */
  private static final char ORDERED = '\u0000';
  private static final int MAX_ERROR_LENGTH = 2_000;
  private static final System.Logger LOG = System.getLogger(InboxWork.class.getName());

  private final InboxStore store;
  private final InboxHandler handler;
  private final Function<String, RetryPolicy> policies;
  private final @Nullable InboxTransactions transactions;
  private final ExecutorService workers;
  private final InboxListener listener;
  private final Clock clock;
  private final int concurrency;
  private volatile @Nullable QueueEngine<ClaimedEvent, InboxDecision> engine;

  /**
   * Creates the work.
   *
   * @param store where events are settled inside a handler's transaction
   * @param handler processes an event
   * @param policies each endpoint's retry policy
   * @param transactions runs a handler and its event's completion in one transaction, or
   *     {@code null} to run handlers on their own
   * @param workers the threads handlers run on
   * @param listener hears what happens
   * @param clock the time
   * @param concurrency how many of an endpoint's unordered events run at once
   */
  public InboxWork(InboxStore store, InboxHandler handler,
      Function<String, RetryPolicy> policies, @Nullable InboxTransactions transactions,
      ExecutorService workers, InboxListener listener, Clock clock, int concurrency) {
    this.store = store;
    this.handler = handler;
    this.policies = policies;
    this.transactions = transactions;
    this.workers = workers;
    this.listener = listener;
    this.clock = clock;
    this.concurrency = concurrency;
  }

  /** The queue this work takes its events from, for the engine. */
  public static InboxQueue queue(InboxStore store) {
    return new InboxQueue(store);
  }

  /** The engine this work runs in, which retries wake. */
  public void runIn(QueueEngine<ClaimedEvent, InboxDecision> engine) {
    this.engine = engine;
  }

  /** The lane key of an event: its endpoint, or its endpoint and ordering key. */
  public static String laneKey(InboxEvent event) {
    String key = event.orderingKey();
    return key == null ? event.endpoint() : event.endpoint() + ORDERED + key;
  }

  static boolean isOrderedKey(String laneKey) {
    return laneKey.indexOf(ORDERED) >= 0;
  }

  @Override
  public String key(ClaimedEvent job) {
    return laneKey(job.event());
  }

  @Override
  public Instant leaseExpiry(ClaimedEvent job) {
    return job.leaseExpiry();
  }

  @Override
  public Instant due(ClaimedEvent job) {
    return job.due();
  }

  @Override
  public @Nullable Admission<InboxDecision> prepare(ClaimedEvent job, Instant now) {
    return null;
  }

  @Override
  public Admission<InboxDecision> admit(ClaimedEvent job, Instant now) {
    return new Admission.Open<>(job.event().orderingKey() != null ? 1 : concurrency, 0);
  }

  @Override
  public InboxDecision putBack(ClaimedEvent job, Instant due) {
    return InboxDecision.of(InboxSettlement.putBack(job, due), null);
  }

  @Override
  public void start(ClaimedEvent job, Consumer<InboxDecision> done) {
    try {
      workers.execute(new Task(job, done));
    } catch (RejectedExecutionException closing) {
      done.accept(putBack(job, job.due()));
    }
  }

  /** One event's processing, waiting for a worker or running on one. */
  private final class Task implements Runnable {
    final ClaimedEvent job;
    final Consumer<InboxDecision> done;

    Task(ClaimedEvent job, Consumer<InboxDecision> done) {
      this.job = job;
      this.done = done;
    }

    @Override
    public void run() {
      done.accept(process(job));
    }
  }

  private InboxDecision process(ClaimedEvent job) {
    Instant startedAt = clock.instant();
    InboxSettlement processed = InboxSettlement.processed(job, startedAt);
    try {
      if (transactions == null) {
        handler.handle(job.event());
        return InboxDecision.of(processed, null);
      }
      boolean held = transactions.inTransaction(() -> {
        handler.handle(job.event());
        if (!store.settle(List.of(processed))[0]) {
          throw new LeaseLostException();
        }
        return true;
      });
      return new InboxDecision(processed, null, true, held);
    } catch (LeaseLostException e) {
      // Another worker holds the event now; this one's effects were rolled back.
      return new InboxDecision(processed, null, true, false);
    } catch (VirtualMachineError e) {
      throw e; // the lease runs out and the event is tried again
    } catch (Throwable e) {
      return failed(job, startedAt, e);
    }
  }

  /** A failed attempt: retried by the endpoint's policy, or a dead letter. */
  private InboxDecision failed(ClaimedEvent job, Instant startedAt, Throwable error) {
    Instant now = clock.instant();
    int attempt = job.attempts() + 1;
    Instant first = job.firstAttemptAt() != null ? job.firstAttemptAt() : startedAt;
    AttemptOutcome outcome = AttemptOutcome.failure(error, Duration.between(startedAt, now))
        .withElapsed(Duration.between(first, now));
    String reason = describe(error);
    if (outcome.classification() == Classification.STOP) {
      return InboxDecision.of(InboxSettlement.dead(job, startedAt, reason), error);
    }
    RetryDecision retry = policies.apply(job.event().endpoint()).decide(attempt, outcome);
    if (!retry.shouldRetry()) {
      return InboxDecision.of(InboxSettlement.dead(job, startedAt,
          "Gave up after " + attempt + (attempt == 1 ? " attempt: " : " attempts: ") + reason),
          error);
    }
    return InboxDecision.of(
        InboxSettlement.retry(job, startedAt, now.plus(retry.delay()), reason), error);
  }

  private static String describe(Throwable error) {
    String message = error.getMessage();
    String text = error.getClass().getName() + (message == null ? "" : ": " + message);
    return text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH) + "...";
  }

  @Override
  public void settled(InboxDecision decision, boolean held) {
    if (!held) {
      return; // the lease was lost: another worker has the event now
    }
    InboxSettlement settlement = decision.settlement();
    InboxEvent event = settlement.claimed().event();
    QueueEngine<ClaimedEvent, InboxDecision> running = engine;
    if (event.orderingKey() != null && settlement.status() != InboxStatus.PENDING
        && running != null) {
      running.wake(); // the next event of its key may be claimed now, and only by a claim
    }
    if (settlement.status() == InboxStatus.PROCESSED) {
      emit(new InboxActivity(InboxActivity.Type.PROCESSED, event, settlement.attempts(),
          Duration.between(event.receivedAt(), clock.instant()), null));
    } else if (settlement.status() == InboxStatus.DEAD) {
      emit(new InboxActivity(InboxActivity.Type.DEAD_LETTERED, event, settlement.attempts(),
          null, decision.error()));
    } else if (settlement.error() != null) {
      emit(new InboxActivity(InboxActivity.Type.RETRY_SCHEDULED, event, settlement.attempts(),
          null, decision.error()));
      if (running != null) {
        running.wakeAt(settlement.due());
      }
    }
  }

  /** Tells the listener; a listener that throws is logged. */
  public void emit(InboxActivity activity) {
    try {
      listener.onActivity(activity);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "An InboxListener threw on " + activity.type(), e);
    }
  }

  /**
   * Interrupts running handlers (their events go back when their leases expire, or when they
   * fail on the interrupt) and gives back the events no worker had started.
   */
  @Override
  public void cancelInProgress() {
    for (Runnable waiting : workers.shutdownNow()) {
      Task task = (Task) waiting;
      task.done.accept(putBack(task.job, task.job.due()));
    }
  }

  /** The handler's transaction must roll back: the event's lease is another worker's now. */
  private static final class LeaseLostException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LeaseLostException() {
      super("The event's lease was taken over; rolling back", null, false, false);
    }
  }
}
