package dev.hookmesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class InMemoryReplayGuardTest {

  private static final Instant T0 = Instant.parse("2026-11-23T00:00:00Z");

  private final MutableClock clock = new MutableClock();
  private final InMemoryReplayGuard guard = new InMemoryReplayGuard(3, clock);

  @Test
  void unknownIdIsNotSeen() {
    assertThat(guard.seen("billing", "msg_1")).isFalse();
  }

  @Test
  void markedIdIsSeenUntilItExpires() {
    guard.markSeen("billing", "msg_1", T0.plusSeconds(60));

    assertThat(guard.seen("billing", "msg_1")).isTrue();
    clock.now = T0.plusSeconds(60);
    assertThat(guard.seen("billing", "msg_1")).isFalse();
  }

  @Test
  void idsAreScopedByEndpoint() {
    guard.markSeen("billing", "msg_1", T0.plusSeconds(60));

    assertThat(guard.seen("github", "msg_1")).isFalse();
  }

  @Test
  void forgetsTheOldestEntryBeyondTheBound() {
    for (int i = 1; i <= 4; i++) {
      guard.markSeen("billing", "msg_" + i, T0.plusSeconds(60));
    }

    assertThat(guard.size()).isEqualTo(3);
    assertThat(guard.seen("billing", "msg_1")).isFalse();
    assertThat(guard.seen("billing", "msg_4")).isTrue();
  }

  @Test
  void dropsExpiredEntriesWhenMarking() {
    guard.markSeen("billing", "msg_1", T0.plusSeconds(10));
    guard.markSeen("billing", "msg_2", T0.plusSeconds(10));
    clock.now = T0.plusSeconds(20);

    guard.markSeen("billing", "msg_3", T0.plusSeconds(80));

    assertThat(guard.size()).isEqualTo(1);
  }

  @Test
  void markingAgainExtendsTheExpiry() {
    guard.markSeen("billing", "msg_1", T0.plusSeconds(10));
    guard.markSeen("billing", "msg_1", T0.plusSeconds(100));
    clock.now = T0.plusSeconds(50);

    assertThat(guard.seen("billing", "msg_1")).isTrue();
  }

  @Test
  void staysConsistentUnderConcurrentUse() throws Exception {
    InMemoryReplayGuard big = new InMemoryReplayGuard(10_000, clock);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Boolean>> tasks = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        tasks.add(() -> {
          for (int i = 0; i < 1_000; i++) {
            big.markSeen("e", thread + "-" + i, T0.plus(Duration.ofHours(1)));
          }
          return big.seen("e", thread + "-999");
        });
      }
      for (Future<Boolean> result : pool.invokeAll(tasks)) {
        assertThat(result.get()).isTrue();
      }
    } finally {
      pool.shutdown();
    }
    assertThat(big.size()).isEqualTo(4_000);
  }

  @Test
  void refusesANonPositiveBound() {
    assertThatIllegalArgumentException().isThrownBy(() -> new InMemoryReplayGuard(0, clock));
  }

  @Test
  void factoryGivesAWorkingGuard() {
    ReplayGuard inMemory = ReplayGuard.inMemory(10);
    inMemory.markSeen("billing", "msg_1", Instant.now().plusSeconds(60));

    assertThat(inMemory.seen("billing", "msg_1")).isTrue();
  }

  private static final class MutableClock extends Clock {
    Instant now = T0;

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
