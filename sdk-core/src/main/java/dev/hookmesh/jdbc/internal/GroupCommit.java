package dev.hookmesh.jdbc.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Writes what concurrent callers bring in shared writes, each caller waiting for its own result:
 * a group commit. A caller that finds no write under way writes at once, alone; callers that
 * arrive meanwhile queue, and when the write ends the first of them writes everything queued
 * (up to a limit) in one call, then hands on to the next. So an idle store pays no latency for
 * the batching, and a busy one pays one statement and one commit per batch instead of one per
 * caller. Each caller still returns only once its own item is written.
 *
 * <p>A failed batch of several is written again one item at a time if the failure may be one
 * item's fault (a value the database refuses), so that one bad item fails alone; a failure that
 * is not (the database is down) fails the whole batch at once.
 *
 * @param <T> an item to write
 * @param <R> what writing one item gives
 */
public final class GroupCommit<T, R extends @Nullable Object> {

  private final Function<List<T>, List<R>> write;
  private final Predicate<RuntimeException> oneItemsFault;
  private final int maxBatch;
  private final Object lock = new Object();
  private final ArrayDeque<Waiter<T, R>> queued = new ArrayDeque<>();
  private boolean writing;

  /**
   * Creates a group commit.
   *
   * @param write writes a batch, giving a result per item in order
   * @param oneItemsFault whether a failure of a batch may be one item's fault
   * @param maxBatch the most items written in one call
   */
  public GroupCommit(Function<List<T>, List<R>> write,
      Predicate<RuntimeException> oneItemsFault, int maxBatch) {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be at least 1, not " + maxBatch);
    }
    this.write = write;
    this.oneItemsFault = oneItemsFault;
    this.maxBatch = maxBatch;
  }

  /**
   * Writes an item, with whatever other callers bring meanwhile, and waits until it is written.
   *
   * @param item the item
   * @return what writing it gave
   * @throws RuntimeException what writing it threw (an {@link Error} is rethrown too)
   */
  public R write(T item) {
    Waiter<T, R> self = new Waiter<>(item, Thread.currentThread());
    boolean leads;
    synchronized (lock) {
      queued.add(self);
      leads = !writing;
      writing = true;
    }
    if (!leads) {
      self.awaitTurn();
      if (self.done) {
        return self.result();
      }
    }
    // This caller leads. It is first in the queue (it found none, or was handed the lead as
    // the first), so the batch it takes includes it.
    List<Waiter<T, R>> batch = new ArrayList<>();
    synchronized (lock) {
      while (!queued.isEmpty() && batch.size() < maxBatch) {
        batch.add(queued.poll());
      }
    }
    try {
      writeBatch(batch);
    } finally {
      synchronized (lock) { // hand on whatever happened, or the queue would wait for ever
        Waiter<T, R> next = queued.peek();
        if (next == null) {
          writing = false;
        } else {
          next.lead();
        }
      }
    }
    return self.result();
  }

  /** How many callers wait for their turn; for tests. */
  int queued() {
    synchronized (lock) {
      return queued.size();
    }
  }

  private void writeBatch(List<Waiter<T, R>> batch) {
    List<T> items = new ArrayList<>(batch.size());
    batch.forEach(waiter -> items.add(waiter.item));
    List<R> results;
    try {
      results = write.apply(items);
      if (results.size() != items.size()) {
        throw new IllegalStateException("Writing " + items.size() + " items gave "
            + results.size() + " results");
      }
    } catch (RuntimeException | Error e) {
      // Every waiter is finished whatever was thrown: one left waiting would wait for ever.
      if (batch.size() > 1 && e instanceof RuntimeException failure
          && oneItemsFault.test(failure)) {
        for (Waiter<T, R> waiter : batch) {
          writeBatch(List.of(waiter));
        }
      } else {
        batch.forEach(waiter -> waiter.fail(e));
      }
      return;
    }
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).finish(results.get(i));
    }
  }

  /** A caller waiting for its item to be written, or for its turn to write. */
  private static final class Waiter<T, R extends @Nullable Object> {

    final T item;
    private final Thread thread;
    private volatile boolean done;
    private volatile boolean leads;
    private @Nullable R result;
    private @Nullable Throwable failure;

    Waiter(T item, Thread thread) {
      this.item = item;
      this.thread = thread;
    }

    /** Parks until written by another caller or told to lead; interrupts wait for that too. */
    void awaitTurn() {
      boolean interrupted = false;
      while (!done && !leads) {
        LockSupport.park(this);
        interrupted |= Thread.interrupted();
      }
      if (interrupted) {
        thread.interrupt();
      }
    }

    void lead() {
      leads = true;
      LockSupport.unpark(thread);
    }

    void finish(R result) {
      this.result = result;
      done();
    }

    void fail(Throwable failure) {
      this.failure = failure;
      done();
    }

    private void done() {
      done = true; // publishes result or failure to the waiting thread
      if (thread != Thread.currentThread()) {
        LockSupport.unpark(thread);
      }
    }

    R result() {
      Throwable thrown = failure;
      if (thrown instanceof RuntimeException e) {
        throw e;
      }
      if (thrown instanceof Error e) {
        throw e;
      }
      return result; // set by finish, as no failure was
    }
  }
}
