package dev.hookmesh.queue.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where the engine's jobs are stored: claimed under a lease, and settled.
 *
 * @param <J> a claimed job
 * @param <S> what a job ends with
 */
public interface JobQueue<J, S> {

  /**
   * Claims due jobs, earliest first, leasing them to {@code owner} until {@code now + lease}.
   *
   * @param now the time
   * @param max the most to claim, at least 1
   * @param busyKeys keys whose jobs must not be claimed now
   * @param lease how long the owner holds each job
   * @param owner who claims
   * @return the claimed jobs
   */
  List<J> claim(Instant now, int max, Set<String> busyKeys, Duration lease, String owner);

  /**
   * Writes settlements, in one transaction where the store can.
   *
   * @param settlements what to write, at least one
   * @return per settlement, in order, whether its lease was still held
   */
  boolean[] settle(List<S> settlements);

  /**
   * When something may next become claimable.
   *
   * @return the time, or empty when nothing is pending
   */
  Optional<Instant> nextDue();
}
