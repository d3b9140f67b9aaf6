package dev.hookmesh.queue.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hookmesh.TestClock;
import dev.hookmesh.queue.internal.Jobs.Ending;
import dev.hookmesh.queue.internal.Jobs.Job;
import dev.hookmesh.queue.internal.Jobs.TestWork;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The engine without HTTP or a database: jobs start within their key's limit, a slot is freed
 * only once its job's outcome is written, claims take no more than the engine can hold, and
 * closing gives back what it did not finish.
 */
class QueueEngineTest {

  private static final Instant T0 = Instant.parse("2026-11-30T08:00:00Z");
  private static final Duration LEASE = Duration.ofMinutes(5);

  private final TestClock clock = new TestClock(T0);
  private final TestWork work = new TestWork();
  private final TestQueue queue = new TestQueue();
  private QueueEngine<Job, Ending> engine;

  @AfterEach
  void close() {
    if (engine != null) {
      engine.close(Duration.ZERO);
    }
  }

  private QueueEngine<Job, Ending> engine(int batchSize) {
    engine = new QueueEngine<>(new QueueEngine.Settings(clock, Duration.ofHours(1), LEASE,
        batchSize, "test-engine"), queue, work);
    return engine;
  }

  private Job leased(String key, String id) {
    return new Job(key, id, clock.instant(), clock.instant().plus(LEASE));
  }

  @Test
  void offeredJobsStartWithinTheirKeysLimitAndTheRestWaitInArrivalOrder() {
    work.admission = job -> new Admission.Open<>(2, 0);
    engine(100).offer(List.of(leased("ep", "m1"), leased("ep", "m2"), leased("ep", "m3"),
        leased("ep", "m4")));

    assertThat(work.startedIds()).containsExactly("m1", "m2");
    assertThat(engine.running("ep")).isEqualTo(2);

    work.finish("m2", "done");

    assertThat(work.startedIds()).containsExactly("m1", "m2", "m3");
    assertThat(queue.written()).extracting(Ending::what).containsExactly("done");
  }

  @Test
  void jobsStoredWhileTheirLaneIsFullStartAsItsSlotsFreeWithoutWaitingForThePoll() {
    work.admission = job -> new Admission.Open<>(1, 0);
    engine(100).start();
    // The first poll finds nothing: nothing more is due until something says so.
    await().atMost(Duration.ofSeconds(10)).until(() -> !queue.claims.isEmpty());
    engine.offer(List.of(leased("ep", "m1")));

    queue.due.add(leased("ep", "m2")); // stored for a claim while the lane is full
    engine.markBacklog();
    work.finish("m1", "done");

    // The poll is an hour away: only the freed slot's claim can start it.
    await().atMost(Duration.ofSeconds(10)).until(() -> work.startedIds().contains("m2"));
  }

  @Test
  void keysDoNotWaitForEachOther() {
    work.admission = job -> new Admission.Open<>(1, 0);

    engine(100).offer(List.of(leased("a", "m1"), leased("a", "m2"), leased("b", "m3")));

    assertThat(work.startedIds()).containsExactly("m1", "m3");
  }

  /** So a crash repeats no more jobs of a key than the key may run at once. */
  @Test
  void aSlotIsFreedOnlyOnceItsJobsOutcomeIsWritten() throws Exception {
    work.admission = job -> new Admission.Open<>(1, 0);
    engine(100).offer(List.of(leased("ep", "m1"), leased("ep", "m2")));
    queue.holdWrites();

    Thread finisher = new Thread(() -> work.finish("m1", "done"));
    finisher.start();
    assertThat(queue.writeStarted.await(10, TimeUnit.SECONDS)).isTrue();

    assertThat(work.startedIds()).as("m1's outcome is not written yet").containsExactly("m1");
    queue.releaseWrites();
    finisher.join(10_000);
    assertThat(work.startedIds()).containsExactly("m1", "m2");
  }

  @Test
  void aHeldJobGoesBackUnattemptedUntilTheHoldEnds() {
    Instant until = T0.plusSeconds(30);
    work.admission = job -> new Admission.Hold<>(until);

    engine(100).offer(List.of(leased("ep", "m1")));

    assertThat(work.started).isEmpty();
    assertThat(queue.written()).singleElement().satisfies(ending -> {
      assertThat(ending.what()).isEqualTo("put back");
      assertThat(ending.due()).isEqualTo(until);
    });
    assertThat(engine.running("ep")).isZero();
  }

  @Test
  void aJobItsKeyEndsIsSettledWithoutStarting() {
    work.admission = job -> new Admission.Settle<>(new Ending(job, "gone", job.due()));

    engine(100).offer(List.of(leased("ep", "m1")));

    assertThat(work.started).isEmpty();
    assertThat(queue.written()).extracting(Ending::what).containsExactly("gone");
    assertThat(work.settled).extracting(Ending::what).containsExactly("gone");
  }

  /** Another owner could claim it mid-work: it goes back, due now, and is claimed afresh. */
  @Test
  void aJobWhoseLeaseIsRunningOutGoesBackUnstarted() {
    Job stale = new Job("ep", "m1", T0, clock.instant().plus(LEASE.dividedBy(2)).minusSeconds(1));

    engine(100).offer(List.of(stale));

    assertThat(work.started).isEmpty();
    assertThat(queue.written()).extracting(Ending::what).containsExactly("put back");
  }

  @Test
  void claimsNoMoreThanItsBatchHoldsAndPassesFullLanesBy() {
    work.admission = job -> new Admission.Open<>(1, 0);
    queue.due.add(leased("free", "c1"));
    engine(5).offer(List.of(leased("busy", "m1"), leased("busy", "m2"), leased("busy", "m3"),
        leased("busy", "m4")));

    engine.start();

    await().atMost(Duration.ofSeconds(10)).until(() -> !queue.claims.isEmpty());
    TestQueue.Claim first = queue.claims.get(0);
    assertThat(first.max()).as("5 held at most, 4 held now").isEqualTo(1);
    assertThat(first.busyKeys()).containsExactly("busy");
    await().atMost(Duration.ofSeconds(10)).until(() -> work.startedIds().contains("c1"));
    assertThat(engine.hasRoomFor("busy")).as("the batch is full").isFalse();
  }

  @Test
  void closingGivesWaitingJobsBackAtTheirDueTimeAndCutsShortWhatOutlastsIt() {
    work.admission = job -> new Admission.Open<>(1, 0);
    Job waiting = leased("ep", "m2");
    engine(100).offer(List.of(leased("ep", "m1"), waiting));

    engine.close(Duration.ZERO);

    assertThat(work.cancelled).isTrue();
    assertThat(queue.written()).extracting(Ending::what)
        .containsExactlyInAnyOrder("put back", "cancelled");
    assertThat(queue.written()).filteredOn(ending -> ending.what().equals("put back"))
        .singleElement().satisfies(ending -> {
          assertThat(ending.job().id()).isEqualTo("m2");
          assertThat(ending.due()).isEqualTo(waiting.due());
        });
    assertThat(engine.hasRoomFor("ep")).isFalse();
    engine.offer(List.of(leased("ep", "m3")));
    assertThat(work.startedIds()).doesNotContain("m3");
  }

  @Test
  void closingWaitsForWorkThatFinishesInTime() throws Exception {
    work.admission = job -> new Admission.Open<>(1, 0);
    engine(100).offer(List.of(leased("ep", "m1")));
    Thread finisher = new Thread(() -> {
      await().atMost(Duration.ofSeconds(10)).until(() -> queue.closing);
      work.finish("m1", "done");
    });
    finisher.start();

    queue.closing = true;
    engine.close(Duration.ofSeconds(10));
    finisher.join(10_000);

    assertThat(work.cancelled).isFalse();
    assertThat(queue.written()).extracting(Ending::what).containsExactly("done");
  }

  /** A queue in memory that records its claims and writes, and can hold a write. */
  static final class TestQueue implements JobQueue<Job, Ending> {

    record Claim(int max, Set<String> busyKeys) {}

    final Queue<Job> due = new ConcurrentLinkedQueue<>();
    final List<Claim> claims = new CopyOnWriteArrayList<>();
    final List<List<Ending>> writes = new CopyOnWriteArrayList<>();
    final CountDownLatch writeStarted = new CountDownLatch(1);
    volatile boolean closing;
    private volatile CountDownLatch gate;

    void holdWrites() {
      gate = new CountDownLatch(1);
    }

    void releaseWrites() {
      gate.countDown();
    }

    List<Ending> written() {
      List<Ending> all = new ArrayList<>();
      writes.forEach(all::addAll);
      return all;
    }

    @Override
    public List<Job> claim(Instant now, int max, Set<String> busyKeys, Duration lease,
        String owner) {
      claims.add(new Claim(max, Set.copyOf(busyKeys)));
      List<Job> claimed = new ArrayList<>();
      for (Job job : due) {
        if (claimed.size() < max && !busyKeys.contains(job.key())) {
          claimed.add(new Job(job.key(), job.id(), job.due(), now.plus(lease)));
        }
      }
      due.removeIf(job -> claimed.stream().anyMatch(c -> c.id().equals(job.id())));
      return claimed;
    }

    @Override
    public boolean[] settle(List<Ending> settlements) {
      writeStarted.countDown();
      CountDownLatch held = gate;
      if (held != null) {
        try {
          assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
          throw new AssertionError(e);
        }
      }
      writes.add(List.copyOf(settlements));
      boolean[] result = new boolean[settlements.size()];
      Arrays.fill(result, true);
      return result;
    }

    @Override
    public Optional<Instant> nextDue() {
      return Optional.empty();
    }
  }
}
