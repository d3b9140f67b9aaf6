package dev.hookmesh.queue.internal;

import java.time.Instant;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One kind of queued work as the engine sees it: how jobs are grouped, what their group allows
 * now, how to work on one, and what to do once its outcome is stored. Outgoing deliveries make an
 * HTTP attempt; inbox events call listeners.
 *
 * @param <J> a claimed job
 * @param <S> what working on a job ends with, written by the {@link JobQueue}
 */
public interface Work<J, S> {

  /**
   * The key that groups jobs for limits: the endpoint of a delivery, say.
   *
   * @param job the job
   * @return the key
   */
  String key(J job);

  /**
   * When the engine's lease on a job runs out.
   *
   * @param job the job
   * @return the expiry, or {@code null} for a job not leased
   */
  @Nullable Instant leaseExpiry(J job);

  /**
   * When a job was due: where it goes back to if the engine stops before working on it.
   *
   * @param job the job
   * @return its due time
   */
  Instant due(J job);

  /**
   * Readies a job as it comes to the engine, before it enters its lane and outside any lock, so
   * it may do I/O: find what the job needs, or refresh what its key's admission reads.
   *
   * @param job the job
   * @param now the engine's time
   * @return an admission that settles or holds the job at once, or {@code null} to let it into
   *     its lane
   */
  @Nullable Admission<S> prepare(J job, Instant now);

  /**
   * What the job's key allows now. Called under the key's lane lock, after {@link #prepare}: it
   * must not do I/O or call the engine.
   *
   * @param job the job
   * @param now the engine's time
   * @return the admission
   */
  Admission<S> admit(J job, Instant now);

  /**
   * Starts working on a job; {@code done} is called exactly once, on any thread, with how it
   * ended.
   *
   * @param job the job
   * @param done takes the settlement
   */
  void start(J job, Consumer<S> done);

  /**
   * The settlement that gives a job back unattempted, due at a time: for a job held by its key,
   * one that waited so long its lease could run out, or one left over at shutdown.
   *
   * @param job the job
   * @param due when it may be claimed again
   * @return the settlement
   */
  S putBack(J job, Instant due);

  /**
   * Hears that a settlement was written, or could not be.
   *
   * @param settlement the settlement
   * @param held whether the job's lease was still held, so that it took effect
   */
  void settled(S settlement, boolean held);

  /** Cuts short the work in progress at shutdown; each job's {@code done} is still called. */
  void cancelInProgress();
}
