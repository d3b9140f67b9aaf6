package dev.hookmesh.queue.internal;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One key's share of the engine: how many of its jobs run now, the ones waiting for a slot in
 * the order they arrived, and the pace its key allows. Every change happens under this object's
 * lock; the engine does the I/O.
 *
 * @param <J> a job
 */
final class Lane<J> {

  /**
   * A job let out of the lane, with what its key said.
   *
   * @param job the job
   * @param admission {@link Admission.Open} when a slot was taken for it; otherwise why not
   * @param <J> the job type
   */
  record Next<J>(J job, Admission<?> admission) {}

  private final ArrayDeque<J> waiting = new ArrayDeque<>();
  private @Nullable TokenBucket bucket;
  private int running;
  private int limit = 1;
  private int perSecond;
  private boolean timerSet;

  /**
   * Takes an arriving job: a slot is taken for it if its key is open and a slot and a token are
   * free; it waits in the lane if its key is open but none is; a job its key holds or ends is
   * left to the caller.
   *
   * @param work says what the job's key allows
   * @return what the key said, {@link Admission.Open} meaning a slot was taken; {@code null}
   *     if the job waits in the lane
   */
  synchronized <S> @Nullable Admission<S> arrive(J job, Work<J, S> work, Instant now) {
    Admission<S> admission = work.admit(job, now);
    if (admission instanceof Admission.Open<S> open && !take(open, now)) {
      waiting.add(job);
      return null;
    }
    return admission;
  }

  /**
   * Lets out the longest-waiting job if it can be decided now: its key is open and a slot and a
   * token are free (the slot is taken for it), or its key holds or ends it. One job at a time,
   * so a long queue costs nothing per start.
   *
   * @param work says what each job's key allows
   * @return the job and its admission, or {@code null} if none waits or none can start
   */
  synchronized <S> @Nullable Next<J> next(Work<J, S> work, Instant now) {
    J head = waiting.peek();
    if (head == null) {
      return null;
    }
    Admission<S> admission = work.admit(head, now);
    if (admission instanceof Admission.Open<S> open && !take(open, now)) {
      return null;
    }
    waiting.poll();
    return new Next<>(head, admission);
  }

  private boolean take(Admission.Open<?> open, Instant now) {
    limit = open.concurrency();
    perSecond = open.perSecond();
    if (running >= limit) {
      return false;
    }
    if (perSecond > 0) {
      if (bucket == null) {
        bucket = new TokenBucket();
      }
      if (!bucket.take(perSecond, now)) {
        return false;
      }
    }
    running++;
    return true;
  }

  /** Frees the slot a started job took. */
  synchronized void release() {
    running--;
  }

  /** How many jobs run now. */
  synchronized int running() {
    return running;
  }

  /** How many jobs the lane holds: running or waiting. */
  synchronized int held() {
    return running + waiting.size();
  }

  /**
   * Whether the lane wants more jobs: it holds fewer than {@value #DEPTH} full sets of slots.
   * Claims pass a lane by otherwise, and a job stored by this engine goes to the queue instead.
   * The depth keeps a busy key's next jobs at hand while a claim for more is under way.
   */
  synchronized boolean hasRoom() {
    return running + waiting.size() < DEPTH * limit;
  }

  /** How many full sets of slots a lane holds before it wants no more. */
  static final int DEPTH = 4;

  /**
   * How long until a job waiting only for its key's pace may start, if a timer should be set for
   * it: a job waits, a slot is free, no token is left, and no timer is set yet. The caller sets
   * it and calls {@link #timerFired()} when it goes off.
   *
   * @return nanoseconds to wait, or 0 if no timer is needed
   */
  synchronized long timerDelay(Instant now) {
    if (perSecond == 0 || timerSet || waiting.isEmpty() || running >= limit || bucket == null) {
      return 0;
    }
    long delay = bucket.nanosUntilToken(perSecond, now);
    timerSet = delay > 0;
    return delay;
  }

  /** The timer set after {@link #timerDelay} went off. */
  synchronized void timerFired() {
    timerSet = false;
  }

  /** Takes every waiting job out of the lane, to give back. */
  synchronized List<J> drainWaiting() {
    List<J> drained = new ArrayList<>(waiting);
    waiting.clear();
    return drained;
  }
}
