package dev.hookmesh.queue.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Runs queued jobs: claims due ones from a {@link JobQueue} under a lease, or takes them from
 * the process that just stored them, lets each through its key's {@link Lane}, starts the
 * {@link Work} on it, and writes how it ended through a {@link Settler}. Stops without losing
 * anything: jobs still waiting go back to the queue unattempted, work in progress gets a bounded
 * time to finish, and whatever it could not is cut short and given back uncounted.
 *
 * <p>Claims, timers and look-ups run on one scheduler thread; work starts on whichever thread
 * brings a job (that thread, a claim, or a finishing job freeing a slot) and ends on the work's
 * own threads.
 *
 * @param <J> a claimed job
 * @param <S> what a job ends with
 */
public final class QueueEngine<J, S> {

  /**
   * How the engine runs.
   *
   * @param clock the time for due times, leases and pacing
   * @param pollInterval how often the queue is polled when nothing announced work
   * @param lease how long a claimed job stays leased
   * @param batchSize the most jobs held at once, running or waiting in lanes
   * @param name names the engine's thread and, with a random suffix, its leases
   */
  public record Settings(Clock clock, Duration pollInterval, Duration lease, int batchSize,
      String name) {}

  private static final System.Logger LOG = System.getLogger(QueueEngine.class.getName());

  private final Settings settings;
  private final JobQueue<J, S> queue;
  private final Work<J, S> work;
  private final Clock clock;
  private final String owner;
  private final Duration halfLease;
  private final ScheduledThreadPoolExecutor scheduler;
  private final Poller poller;
  private final Settler<Ending<J, S>> settler;
  private final Map<String, Lane<J>> lanes = new ConcurrentHashMap<>();
  private final AtomicInteger held = new AtomicInteger();
  private final AtomicInteger running = new AtomicInteger();
  private final Object idle = new Object();
  // Whether the queue may hold due jobs no claim has taken: the last claim filled its room, or
  // jobs were stored unleased. Freed slots claim more only then, not after every job.
  private volatile boolean backlog = true;
  private volatile boolean started;
  private volatile boolean closed;
  private volatile Thread engineThread;

  /**
   * Creates an engine; {@link #start()} starts polling.
   *
   * @param settings how it runs
   * @param queue where jobs are stored
   * @param work what a job is and how to work on it
   */
  public QueueEngine(Settings settings, JobQueue<J, S> queue, Work<J, S> work) {
    this.settings = settings;
    this.queue = queue;
    this.work = work;
    this.clock = settings.clock();
    this.owner = settings.name() + "-" + UUID.randomUUID();
    this.halfLease = settings.lease().dividedBy(2);
    this.scheduler = new ScheduledThreadPoolExecutor(1, runnable -> {
      Thread thread = new Thread(runnable, settings.name());
      thread.setDaemon(true);
      engineThread = thread;
      return thread;
    });
    scheduler.setRemoveOnCancelPolicy(true);
    this.poller = new Poller(scheduler, clock, this::claim);
    this.settler = new Settler<>(this::write, this::written);
  }

  /** Starts polling the queue, the first time now; no claim is made before. */
  public void start() {
    started = true;
    poller.start(settings.pollInterval());
  }

  /**
   * The name this engine leases jobs under, unique to it.
   *
   * @return the owner
   */
  public String owner() {
    return owner;
  }

  /**
   * How long jobs are leased.
   *
   * @return the lease
   */
  public Duration lease() {
    return settings.lease();
  }

  /**
   * Whether jobs of a key, stored now and leased to this engine, would be taken on without
   * crowding out other work: the engine holds fewer than its batch, and the key's lane wants
   * more. Otherwise they are better left in the queue for a claim, here or at another
   * instance.
   *
   * @param key the jobs' key
   * @return whether to lease them to this engine as they are stored
   */
  public boolean hasRoomFor(String key) {
    if (closed || held.get() >= settings.batchSize()) {
      return false;
    }
    Lane<J> lane = lanes.get(key);
    return lane == null || lane.hasRoom();
  }

  /**
   * Takes jobs that were just stored already leased to this engine ({@link #owner()}), without
   * a claim; they start at once where their lanes allow.
   *
   * @param jobs the jobs
   */
  public void offer(List<J> jobs) {
    if (closed) {
      return; // their leases run out and a claim takes them, here after a restart or elsewhere
    }
    Instant now = clock.instant();
    for (J job : jobs) {
      dispatch(job, now);
    }
  }

  /**
   * Notes that jobs were stored for a claim without asking for one now, because their lanes are
   * full: the next slot freed claims them, instead of the next poll.
   */
  public void markBacklog() {
    backlog = true;
  }

  /** Claims at once: jobs were stored for a claim to take. */
  public void wake() {
    backlog = true;
    if (started && !closed) {
      poller.wake();
    }
  }

  /**
   * Claims at a time when something falls due, unless a claim is set for earlier.
   *
   * @param due the time
   */
  public void wakeAt(Instant due) {
    if (started && !closed) {
      poller.wakeAt(due);
    }
  }

  /**
   * How many jobs of a key run now.
   *
   * @param key the key
   * @return the count
   */
  public int running(String key) {
    Lane<J> lane = lanes.get(key);
    return lane == null ? 0 : lane.running();
  }

  /**
   * Runs a task on the engine's thread and waits for it, so that no claim runs while it does;
   * runs it at once when called from that thread.
   *
   * @param what what the task does, for the error message
   * @param task the task
   * @return its result
   */
  public <T> T onEngineThread(String what, Callable<T> task) {
    try {
      if (Thread.currentThread() == engineThread) {
        return task.call();
      }
      return scheduler.submit(task).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting to " + what, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Could not " + what, e.getCause());
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("Could not " + what, e);
    }
  }

  /**
   * Runs a task on the engine's thread every {@code interval}, the first time after one.
   *
   * @param interval the pause between runs
   * @param task the task
   */
  public void every(Duration interval, Runnable task) {
    long nanos = interval.toNanos();
    scheduler.scheduleWithFixedDelay(task, nanos, nanos, TimeUnit.NANOSECONDS);
  }

  private void claim() {
    if (closed) {
      return;
    }
    try {
      Instant now = clock.instant();
      Set<String> busy = new HashSet<>();
      lanes.forEach((key, lane) -> {
        if (!lane.hasRoom()) {
          busy.add(key);
        }
      });
      // Claimed jobs wait in their lanes under a lease: claim no more than the batch can hold,
      // so a backlog stays in the queue for other instances instead of going stale here.
      int room = settings.batchSize() - held.get();
      if (room <= 0) {
        return; // a job that finishes wakes the engine
      }
      List<J> claimed = queue.claim(now, room, busy, settings.lease(), owner);
      boolean filled = claimed.size() == room;
      // A short claim shows nothing more is due, unless it passed full lanes' jobs by.
      backlog = filled || !busy.isEmpty();
      for (J job : claimed) {
        dispatch(job, now);
      }
      if (filled) {
        poller.wake();
      } else if (poller.takeLookAhead()) {
        Optional<Instant> next = queue.nextDue();
        if (next.isPresent() && next.get().isAfter(now)) {
          poller.wakeAt(next.get());
        }
      }
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "Claiming from the queue failed; trying again at the"
          + " next poll", e);
    }
  }

  private void dispatch(J job, Instant now) {
    if (leaseRunningOut(job, now)) {
      settle(work.putBack(job, now), null);
      poller.wake();
      return;
    }
    Lane<J> lane = lanes.computeIfAbsent(work.key(job), key -> new Lane<>());
    held.incrementAndGet();
    Admission<S> early = work.prepare(job, now);
    Admission<S> admission = early != null ? early : lane.arrive(job, work, now);
    if (admission != null) {
      admitted(lane, job, admission);
    }
    timeFill(lane, now);
  }

  /** Whether less than half of a job's lease is left: another owner could claim it mid-work. */
  private boolean leaseRunningOut(J job, Instant now) {
    Instant expiry = work.leaseExpiry(job);
    return expiry != null && Duration.between(now, expiry).compareTo(halfLease) < 0;
  }

  private void admitted(Lane<J> lane, J job, Admission<?> admission) {
    if (admission instanceof Admission.Open<?>) {
      run(lane, job);
      return;
    }
    held.decrementAndGet();
    if (admission instanceof Admission.Hold<?> hold) {
      settle(work.putBack(job, hold.until()), null);
      poller.wakeAt(hold.until());
    } else {
      @SuppressWarnings("unchecked")
      S settlement = ((Admission.Settle<S>) admission).settlement();
      settle(settlement, null);
    }
  }

  private void run(Lane<J> lane, J job) {
    running.incrementAndGet();
    Consumer<S> done = settlement -> settle(settlement, lane);
    try {
      work.start(job, done);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "Starting work failed; the job is tried again when"
          + " its lease expires", e);
      release(lane);
      stopped();
    }
  }

  private void stopped() {
    if (running.decrementAndGet() == 0) {
      synchronized (idle) {
        idle.notifyAll();
      }
    }
  }

  private void release(Lane<J> lane) {
    lane.release();
    held.decrementAndGet();
    if (closed) {
      return;
    }
    fill(lane);
    // Claim more when this lane runs low and the queue may hold more: while the lane holds
    // enough, a claim would scan past its due jobs for nothing. Other keys' work is claimed
    // when it falls due (the timer) or is announced.
    if (backlog && lane.hasRoom()) {
      poller.wake();
    }
  }

  /**
   * A settlement on its way to the queue, with the lane whose slot its job holds until it is
   * written: so a crash repeats no more jobs of a key than the key may run at once.
   */
  private record Ending<J, S>(S settlement, @Nullable Lane<J> lane) {}

  private void settle(S settlement, @Nullable Lane<J> lane) {
    settler.settle(new Ending<>(settlement, lane));
  }

  private boolean[] write(List<Ending<J, S>> endings) {
    List<S> settlements = new ArrayList<>(endings.size());
    endings.forEach(ending -> settlements.add(ending.settlement()));
    return queue.settle(settlements);
  }

  private void written(Ending<J, S> ending, boolean held) {
    try {
      work.settled(ending.settlement(), held);
    } finally {
      Lane<J> lane = ending.lane();
      if (lane != null) {
        release(lane);
        stopped();
      }
    }
  }

  // Waiting jobs go straight into free slots, on this thread, one at a time.
  private void fill(Lane<J> lane) {
    Instant now = clock.instant();
    for (Lane.Next<J> next; (next = lane.next(work, now)) != null; ) {
      if (next.admission() instanceof Admission.Open<?> && leaseRunningOut(next.job(), now)) {
        lane.release();
        held.decrementAndGet();
        settle(work.putBack(next.job(), now), null);
        poller.wake();
      } else {
        admitted(lane, next.job(), next.admission());
      }
    }
    timeFill(lane, now);
  }

  // Jobs held back only by their key's pace start when it allows, not when another finishes.
  private void timeFill(Lane<J> lane, Instant now) {
    long delay = lane.timerDelay(now);
    if (delay == 0 || closed) {
      return;
    }
    try {
      scheduler.schedule(() -> {
        lane.timerFired();
        fill(lane);
      }, delay, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException closing) {
      lane.timerFired();
    }
  }

  /**
   * Stops claiming, gives back jobs still waiting, waits for work in progress, then cuts short
   * what is left (given back without counting), and writes every outcome.
   *
   * @param timeout how long to wait for work in progress
   */
  public void close(Duration timeout) {
    if (closed) {
      return;
    }
    closed = true;
    scheduler.shutdownNow();
    try {
      // A claim in progress may still be starting work; let it finish first.
      scheduler.awaitTermination(timeout.toNanos() + TimeUnit.SECONDS.toNanos(1),
          TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    List<J> waiting = new ArrayList<>();
    lanes.values().forEach(lane -> waiting.addAll(lane.drainWaiting()));
    for (J job : waiting) {
      held.decrementAndGet();
      // The time it was due stays: the job was not attempted.
      settle(work.putBack(job, work.due(job)), null);
    }
    if (!awaitIdle(System.nanoTime() + timeout.toNanos())) {
      work.cancelInProgress();
      awaitIdle(System.nanoTime() + TimeUnit.SECONDS.toNanos(1));
    }
    settler.awaitIdle(TimeUnit.SECONDS.toNanos(5));
  }

  private boolean awaitIdle(long deadline) {
    synchronized (idle) {
      long left;
      while (running.get() > 0 && (left = deadline - System.nanoTime()) > 0) {
        try {
          TimeUnit.NANOSECONDS.timedWait(idle, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return running.get() == 0;
        }
      }
      return running.get() == 0;
    }
  }
}
