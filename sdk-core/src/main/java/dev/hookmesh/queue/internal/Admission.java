package dev.hookmesh.queue.internal;

import java.time.Instant;
import java.util.Objects;

/**
 * What a job's key allows before the engine counts slots: run within limits, wait until a time
 * without using an attempt, or end now with a settlement (an endpoint that is gone, say).
 *
 * @param <S> the settlement type of the work
 */
public sealed interface Admission<S> {

  /**
   * Run within these limits.
   *
   * @param concurrency how many of the key's jobs may run at once, at least 1
   * @param perSecond how many may start per second, 0 for no limit
   * @param <S> the settlement type
   */
  record Open<S>(int concurrency, int perSecond) implements Admission<S> {}

  /**
   * Put the job back, unattempted, until a time.
   *
   * @param until when it may be tried again
   * @param <S> the settlement type
   */
  record Hold<S>(Instant until) implements Admission<S> {
    /** Validates the time. */
    public Hold {
      Objects.requireNonNull(until, "until");
    }
  }

  /**
   * End the job now, without working on it.
   *
   * @param settlement what to write
   * @param <S> the settlement type
   */
  record Settle<S>(S settlement) implements Admission<S> {
    /** Validates the settlement. */
    public Settle {
      Objects.requireNonNull(settlement, "settlement");
    }
  }
}
