package dev.hookmesh.queue.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookmesh.queue.internal.Jobs.Ending;
import dev.hookmesh.queue.internal.Jobs.Job;
import dev.hookmesh.queue.internal.Jobs.TestWork;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A lane hands waiting jobs to freed slots one at a time, in the order they arrived, within its
 * key's pace, and lets them out when their key holds or ends them.
 */
class LaneTest {

  private static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");

  private final Lane<Job> lane = new Lane<>();
  private final TestWork work = new TestWork();

  private static Job job(String id) {
    return new Job("ep", id, T0, T0.plusSeconds(300));
  }

  @Test
  void waitingJobsTakeFreedSlotsInArrivalOrder() {
    assertThat(lane.arrive(job("m1"), work, T0)).isInstanceOf(Admission.Open.class);
    assertThat(lane.arrive(job("m2"), work, T0)).as("waits").isNull();
    assertThat(lane.arrive(job("m3"), work, T0)).isNull();
    assertThat(lane.next(work, T0)).as("no slot is free yet").isNull();
    assertThat(lane.held()).isEqualTo(3);

    lane.release();
    Lane.Next<Job> next = lane.next(work, T0);

    assertThat(next).isNotNull();
    assertThat(next.job().id()).isEqualTo("m2");
    assertThat(next.admission()).isInstanceOf(Admission.Open.class);
    assertThat(lane.next(work, T0)).as("the freed slot went to m2").isNull();
    assertThat(lane.held()).isEqualTo(2);
  }

  @Test
  void aKeyThatHoldsLetsEveryWaitingJobOutWithoutASlot() {
    lane.arrive(job("m1"), work, T0);
    lane.arrive(job("m2"), work, T0);
    lane.arrive(job("m3"), work, T0);

    work.admission = job -> new Admission.Hold<>(T0.plusSeconds(30));
    lane.release();

    assertThat(lane.next(work, T0)).extracting(Lane.Next::admission)
        .isEqualTo(new Admission.Hold<Ending>(T0.plusSeconds(30)));
    assertThat(lane.next(work, T0)).extracting(Lane.Next::admission)
        .isInstanceOf(Admission.Hold.class);
    assertThat(lane.next(work, T0)).isNull();
    assertThat(lane.held()).isZero();
  }

  @Test
  void aKeyThatEndsJobsLetsTheWaitingOnesOutToBeSettled() {
    lane.arrive(job("m1"), work, T0);
    lane.arrive(job("m2"), work, T0);
    Ending gone = new Ending(job("m2"), "gone", T0);

    work.admission = job -> new Admission.Settle<>(gone);

    Lane.Next<Job> next = lane.next(work, T0);
    assertThat(next).isNotNull();
    assertThat(next.job().id()).isEqualTo("m2");
    assertThat(next.admission()).isEqualTo(new Admission.Settle<>(gone));
  }

  @Test
  void aLimitOfOneLetsOneJobThroughUntilItIsReleased() {
    work.admission = job -> new Admission.Open<>(4, 0);
    lane.arrive(job("m1"), work, T0);
    lane.release();

    work.admission = job -> new Admission.Open<>(1, 0);
    assertThat(lane.arrive(job("m2"), work, T0)).isInstanceOf(Admission.Open.class);
    assertThat(lane.arrive(job("m3"), work, T0)).as("the probe is alone").isNull();
    assertThat(lane.running()).isOne();

    work.admission = job -> new Admission.Open<>(4, 0);
    lane.release();

    assertThat(lane.next(work, T0)).extracting(Lane.Next::admission)
        .isInstanceOf(Admission.Open.class);
    assertThat(lane.running()).isOne();
    assertThat(lane.held()).isOne();
  }

  @Test
  void aPaceHoldsJobsBeyondASecondsWorthAndSaysWhenToTryAgain() {
    work.admission = job -> new Admission.Open<>(8, 2);

    assertThat(lane.arrive(job("m1"), work, T0)).isNotNull();
    assertThat(lane.arrive(job("m2"), work, T0)).isNotNull();
    assertThat(lane.arrive(job("m3"), work, T0)).as("slots are free, tokens are not").isNull();

    long delay = lane.timerDelay(T0);

    assertThat(delay).isPositive().isLessThanOrEqualTo(500_000_000L);
    assertThat(lane.timerDelay(T0)).as("one timer at a time").isZero();
    lane.timerFired();
    assertThat(lane.next(work, T0.plusMillis(499))).as("no token yet").isNull();
    assertThat(lane.next(work, T0.plusMillis(500))).extracting(next -> next.job().id())
        .isEqualTo("m3");
  }

  @Test
  void wantsMoreUntilItHoldsFourFullSetsOfSlots() {
    work.admission = job -> new Admission.Open<>(2, 0);

    for (int i = 0; i < 8; i++) {
      assertThat(lane.hasRoom()).as("holding %d", i).isTrue();
      lane.arrive(job("m" + i), work, T0);
    }

    assertThat(lane.hasRoom()).isFalse();
    assertThat(lane.running()).isEqualTo(2);
    assertThat(lane.drainWaiting()).extracting(Job::id)
        .containsExactly("m2", "m3", "m4", "m5", "m6", "m7");
    assertThat(lane.held()).isEqualTo(2);
    assertThat(lane.hasRoom()).isTrue();
  }
}
