package dev.hookmesh.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Group commit, with the write held open by a latch so that callers queue behind it
 * deterministically: no timing, no sleeps.
 */
class GroupCommitTest {

  private final ExecutorService callers = Executors.newCachedThreadPool();
  private final List<List<Integer>> batches = new CopyOnWriteArrayList<>();
  private final CountDownLatch firstWriteMayEnd = new CountDownLatch(1);

  @AfterEach
  void stopCallers() {
    firstWriteMayEnd.countDown();
    callers.shutdownNow();
  }

  /** Doubles each item, recording each batch; the first write waits for the latch. */
  private List<Integer> doubling(List<Integer> items) {
    batches.add(List.copyOf(items));
    if (batches.size() == 1) {
      awaitLatch();
    }
    return items.stream().map(i -> i * 2).toList();
  }

  private void awaitLatch() {
    try {
      assertThat(firstWriteMayEnd.await(10, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  private <R> List<Future<R>> callWhileTheFirstWriteIsOpen(GroupCommit<Integer, R> group,
      int queuing) {
    List<Future<R>> results = new ArrayList<>();
    results.add(callers.submit(() -> group.write(0)));
    await().atMost(Duration.ofSeconds(10)).until(() -> batches.size() == 1);
    for (int i = 1; i <= queuing; i++) {
      int item = i;
      results.add(callers.submit(() -> group.write(item)));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> group.queued() == queuing);
    firstWriteMayEnd.countDown();
    return results;
  }

  @Test
  void aLoneCallerWritesAtOnceAndAlone() {
    firstWriteMayEnd.countDown();
    GroupCommit<Integer, Integer> group = new GroupCommit<>(this::doubling, e -> false, 10);

    assertThat(group.write(21)).isEqualTo(42);
    assertThat(group.write(4)).isEqualTo(8);
    assertThat(batches).containsExactly(List.of(21), List.of(4));
  }

  @Test
  void callersArrivingDuringAWriteShareTheNextAndEachGetsItsOwnResult() throws Exception {
    GroupCommit<Integer, Integer> group = new GroupCommit<>(this::doubling, e -> false, 10);

    List<Future<Integer>> results = callWhileTheFirstWriteIsOpen(group, 6);

    for (int i = 0; i < results.size(); i++) {
      assertThat(results.get(i).get(10, TimeUnit.SECONDS)).as("item %d", i).isEqualTo(i * 2);
    }
    assertThat(batches).hasSize(2);
    assertThat(batches.get(0)).containsExactly(0);
    assertThat(batches.get(1)).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6);
    assertThat(group.queued()).isZero();
  }

  @Test
  void noBatchIsLargerThanTheLimit() throws Exception {
    GroupCommit<Integer, Integer> group = new GroupCommit<>(this::doubling, e -> false, 3);

    List<Future<Integer>> results = callWhileTheFirstWriteIsOpen(group, 7);

    for (int i = 0; i < results.size(); i++) {
      assertThat(results.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(i * 2);
    }
    assertThat(batches).allSatisfy(batch -> assertThat(batch).hasSizeLessThanOrEqualTo(3));
    assertThat(batches.stream().mapToInt(List::size).sum()).isEqualTo(8);
    assertThat(batches).hasSize(1 + 3);
  }

  @Test
  void aFailureNoItemCausedFailsEveryCallerOfItsBatchAndTheNextBatchIsWritten() throws Exception {
    IllegalStateException down = new IllegalStateException("the database is down");
    List<List<Integer>> written = new CopyOnWriteArrayList<>();
    Function<List<Integer>, List<Integer>> write = items -> {
      List<Integer> result = doubling(items);
      if (batches.size() == 2) {
        throw down;
      }
      written.add(List.copyOf(items));
      return result;
    };
    GroupCommit<Integer, Integer> group = new GroupCommit<>(write, e -> false, 10);

    List<Future<Integer>> results = callWhileTheFirstWriteIsOpen(group, 4);

    assertThat(results.get(0).get(10, TimeUnit.SECONDS)).isZero();
    for (Future<Integer> result : results.subList(1, 5)) {
      assertThatThrownBy(() -> result.get(10, TimeUnit.SECONDS)).hasCause(down);
    }
    assertThat(batches).hasSize(2).as("not retried one by one: no item's fault");
    assertThat(group.write(5)).as("the next caller writes again").isEqualTo(10);
    assertThat(written).containsExactly(List.of(0), List.of(5));
  }

  @Test
  void aFailureThatMayBeOneItemsFaultIsRetriedItemByItemSoOnlyThatItemFails() throws Exception {
    IllegalArgumentException refused = new IllegalArgumentException("3 does not fit");
    GroupCommit<Integer, Integer> group = new GroupCommit<>(items -> {
      List<Integer> result = doubling(items);
      if (items.contains(3)) {
        throw refused;
      }
      return result;
    }, e -> e == refused, 10);

    List<Future<Integer>> results = callWhileTheFirstWriteIsOpen(group, 5);

    for (int i = 0; i < results.size(); i++) {
      Future<Integer> result = results.get(i);
      if (i == 3) {
        assertThatThrownBy(() -> result.get(10, TimeUnit.SECONDS)).hasCause(refused);
      } else {
        assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo(i * 2);
      }
    }
    assertThat(batches.get(1)).hasSize(5);
    assertThat(batches.subList(2, batches.size())).as("then each alone")
        .allSatisfy(batch -> assertThat(batch).hasSize(1)).hasSize(5);
  }

  @Test
  void anErrorStillFinishesEveryCallerSoNoneWaitsForEver() throws Exception {
    AssertionError broken = new AssertionError("a bug in the write");
    GroupCommit<Integer, Integer> group = new GroupCommit<>(items -> {
      List<Integer> result = doubling(items);
      if (batches.size() == 2) {
        throw broken;
      }
      return result;
    }, e -> true, 10);

    List<Future<Integer>> results = callWhileTheFirstWriteIsOpen(group, 3);

    for (Future<Integer> result : results.subList(1, 4)) {
      assertThatThrownBy(() -> result.get(10, TimeUnit.SECONDS)).hasCause(broken);
    }
    assertThat(group.write(7)).isEqualTo(14);
  }

  @Test
  void aWriteGivingTooFewResultsFailsItsBatchRatherThanAnsweringWrongly() {
    firstWriteMayEnd.countDown();
    GroupCommit<Integer, Integer> group = new GroupCommit<>(items -> List.of(), e -> false, 10);

    assertThatThrownBy(() -> group.write(1)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("gave 0 results");
  }

  @Test
  void refusesAnEmptyBatchLimit() {
    assertThatThrownBy(() -> new GroupCommit<Integer, Integer>(items -> items, e -> false, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1");
  }
}
