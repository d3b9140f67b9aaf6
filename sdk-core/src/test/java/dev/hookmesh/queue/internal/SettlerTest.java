package dev.hookmesh.queue.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Settlements that arrive while one write is under way go together in the next. */
class SettlerTest {

  private final List<List<String>> writes = new CopyOnWriteArrayList<>();
  private final Map<String, Boolean> written = new ConcurrentHashMap<>();

  @Test
  void writesAtOnceWhenIdle() {
    Settler<String> settler = new Settler<>(this::recordAll, (s, held) -> written.put(s, held));

    settler.settle("a");

    assertThat(writes).containsExactly(List.of("a"));
    assertThat(written).containsEntry("a", true);
    assertThat(settler.awaitIdle(0)).isTrue();
  }

  @Test
  void batchesWhatArrivesDuringAWrite() throws Exception {
    CountDownLatch firstWriteStarted = new CountDownLatch(1);
    CountDownLatch releaseFirstWrite = new CountDownLatch(1);
    Settler<String> settler = new Settler<>(batch -> {
      if (batch.contains("first")) {
        firstWriteStarted.countDown();
        await(releaseFirstWrite);
      }
      return recordAll(batch);
    }, (s, held) -> written.put(s, held));
    Thread leader = new Thread(() -> settler.settle("first"));
    leader.start();
    assertThat(firstWriteStarted.await(10, TimeUnit.SECONDS)).isTrue();

    settler.settle("second");
    settler.settle("third");
    assertThat(written).as("the followers returned without writing").doesNotContainKeys(
        "second", "third");
    releaseFirstWrite.countDown();
    leader.join(10_000);

    assertThat(writes).containsExactly(List.of("first"), List.of("second", "third"));
    assertThat(written).containsOnlyKeys("first", "second", "third");
    assertThat(settler.awaitIdle(TimeUnit.SECONDS.toNanos(1))).isTrue();
  }

  @Test
  void aFailedWriteCountsAsNotHeldAndTheNextOneGoesAhead() {
    Settler<String> settler = new Settler<>(batch -> {
      if (batch.contains("bad")) {
        throw new IllegalStateException("database down");
      }
      return recordAll(batch);
    }, (s, held) -> written.put(s, held));

    settler.settle("bad");
    settler.settle("good");

    assertThat(written).containsEntry("bad", false).containsEntry("good", true);
  }

  @Test
  void writesAtMostAFullBatchAtOnce() throws Exception {
    CountDownLatch blocked = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Settler<String> settler = new Settler<>(batch -> {
      if (batch.contains("block")) {
        blocked.countDown();
        await(release);
      }
      return recordAll(batch);
    }, (s, held) -> { });
    Thread leader = new Thread(() -> settler.settle("block"));
    leader.start();
    assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();
    for (int i = 0; i < Settler.MAX_BATCH + 10; i++) {
      settler.settle("s" + i);
    }
    release.countDown();
    leader.join(10_000);

    assertThat(writes).extracting(List::size).containsExactly(1, Settler.MAX_BATCH, 10);
  }

  private boolean[] recordAll(List<String> batch) {
    writes.add(new ArrayList<>(batch));
    boolean[] held = new boolean[batch.size()];
    Arrays.fill(held, true);
    return held;
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }
}
