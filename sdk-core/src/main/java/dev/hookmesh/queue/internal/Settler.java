package dev.hookmesh.queue.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Writes settlements, several in one store write when several arrive together. The first thread
 * to bring one while no write is under way writes it at once, then keeps writing whatever
 * arrived meanwhile, each batch in one call; the others add theirs and return. So an idle queue
 * pays no latency for the batching, and a busy one pays one transaction per batch instead of one
 * per job: a group commit.
 *
 * @param <S> a settlement
 */
final class Settler<S> {

  /** The most settlements written in one call. */
  static final int MAX_BATCH = 256;

  private static final System.Logger LOG = System.getLogger(Settler.class.getName());

  /** Hears each settlement after its batch was written, or failed to be. */
  interface Written<S> {
    /**
     * One settlement's fate.
     *
     * @param settlement the settlement
     * @param held whether it took effect; {@code false} also when the write failed
     */
    void written(S settlement, boolean held);
  }

  private final Function<List<S>, boolean[]> write;
  private final Written<S> written;
  private final Object lock = new Object();
  private List<S> pending = new ArrayList<>();
  private boolean writing;

  Settler(Function<List<S>, boolean[]> write, Written<S> written) {
    this.write = write;
    this.written = written;
  }

  /** Adds a settlement, and writes it and any others that arrive meanwhile if no one else is. */
  void settle(S settlement) {
    synchronized (lock) {
      pending.add(settlement);
      if (writing) {
        return;
      }
      writing = true;
    }
    while (true) {
      List<S> batch;
      synchronized (lock) {
        if (pending.isEmpty()) {
          writing = false;
          lock.notifyAll();
          return;
        }
        if (pending.size() <= MAX_BATCH) {
          batch = pending;
          pending = new ArrayList<>();
        } else {
          List<S> first = pending.subList(0, MAX_BATCH);
          batch = new ArrayList<>(first);
          first.clear();
        }
      }
      write(batch);
    }
  }

  private void write(List<S> batch) {
    boolean[] held;
    try {
      held = write.apply(batch);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "Could not write the outcome of " + batch.size()
          + (batch.size() == 1 ? " job" : " jobs") + "; each is tried again when its lease"
          + " expires", e);
      held = new boolean[batch.size()];
    }
    for (int i = 0; i < batch.size(); i++) {
      try {
        written.written(batch.get(i), held[i]);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "Handling a written outcome failed", e);
      }
    }
  }

  /**
   * Waits until nothing is pending or being written.
   *
   * @param timeoutNanos how long to wait at most
   * @return whether everything was written in time
   */
  boolean awaitIdle(long timeoutNanos) {
    long deadline = System.nanoTime() + timeoutNanos;
    synchronized (lock) {
      long left;
      while ((writing || !pending.isEmpty()) && (left = deadline - System.nanoTime()) > 0) {
        try {
          TimeUnit.NANOSECONDS.timedWait(lock, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      return !writing && pending.isEmpty();
    }
  }
}
