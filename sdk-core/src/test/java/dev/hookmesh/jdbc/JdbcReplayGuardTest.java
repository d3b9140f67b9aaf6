package dev.hookmesh.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.hookmesh.ReplayGuard;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The replay-guard contract, against the in-memory guard and the JDBC guard on real PostgreSQL
 * and H2; plus what only a shared table gives: instances that see each other's marks.
 */
class JdbcReplayGuardTest {

  private static final Instant START = Instant.parse("2026-11-23T09:00:00Z");

  /** A guard factory over a clock the test moves. */
  interface GuardFactory {
    ReplayGuard create(Clock clock);
  }

  static Stream<Named<Supplier<GuardFactory>>> guards() {
    return Stream.of(
        Named.of("in-memory", () -> clock -> new dev.hookmesh.InMemoryReplayGuard(10_000, clock)),
        Named.of("H2", () -> jdbc(TestDatabases.h2())),
        Named.of("PostgreSQL", () -> jdbc(TestDatabases.postgres())),
        Named.of("MariaDB", () -> jdbc(TestDatabases.mariadb())));
  }

  private static GuardFactory jdbc(DataSource dataSource) {
    JdbcSchema.create(dataSource);
    return clock -> JdbcReplayGuard.builder(dataSource).clock(clock).build();
  }

  @ParameterizedTest
  @MethodSource("guards")
  void remembersAMarkedIdUntilItExpires(Supplier<GuardFactory> factory) {
    MutableClock clock = new MutableClock(START);
    ReplayGuard guard = factory.get().create(clock);

    assertThat(guard.seen("billing", "msg_1")).isFalse();
    guard.markSeen("billing", "msg_1", START.plus(Duration.ofMinutes(10)));

    assertThat(guard.seen("billing", "msg_1")).isTrue();
    clock.set(START.plus(Duration.ofMinutes(10)));
    assertThat(guard.seen("billing", "msg_1")).isFalse();
  }

  @ParameterizedTest
  @MethodSource("guards")
  void keepsIdsApartPerEndpoint(Supplier<GuardFactory> factory) {
    ReplayGuard guard = factory.get().create(new MutableClock(START));

    guard.markSeen("billing", "msg_1", START.plusSeconds(60));

    assertThat(guard.seen("billing", "msg_1")).isTrue();
    assertThat(guard.seen("github", "msg_1")).isFalse();
    assertThat(guard.seen("billing", "msg_2")).isFalse();
  }

  @ParameterizedTest
  @MethodSource("guards")
  void extendsTheExpiryWhenMarkedAgain(Supplier<GuardFactory> factory) {
    MutableClock clock = new MutableClock(START);
    ReplayGuard guard = factory.get().create(clock);

    guard.markSeen("billing", "msg_1", START.plusSeconds(60));
    guard.markSeen("billing", "msg_1", START.plusSeconds(600));
    clock.set(START.plusSeconds(300));

    assertThat(guard.seen("billing", "msg_1")).isTrue();
  }

  @Test
  void sharesMarksBetweenInstancesOnOneDatabase() {
    DataSource database = TestDatabases.postgres();
    JdbcSchema.create(database);
    ReplayGuard first = JdbcReplayGuard.builder(database).build();
    ReplayGuard second = JdbcReplayGuard.builder(database).build();

    first.markSeen("billing", "msg_shared", Instant.now().plusSeconds(60));

    assertThat(second.seen("billing", "msg_shared")).isTrue();
  }

  @Test
  void purgesExpiredRows() {
    DataSource database = TestDatabases.h2();
    JdbcSchema.create(database);
    MutableClock clock = new MutableClock(START);
    JdbcReplayGuard guard = JdbcReplayGuard.builder(database).clock(clock).build();
    guard.markSeen("billing", "old", START.plusSeconds(10));
    guard.markSeen("billing", "new", START.plusSeconds(1000));

    clock.set(START.plusSeconds(100));

    assertThat(guard.purgeExpired()).isOne();
    assertThat(guard.seen("billing", "new")).isTrue();
  }

  @Test
  void createsTablesUnderACustomPrefixAndRefusesUnsafeOnes() {
    DataSource database = TestDatabases.postgres();
    JdbcSchema.create(database, "webhooks_");
    ReplayGuard guard = JdbcReplayGuard.builder(database).tablePrefix("webhooks_").build();

    guard.markSeen("billing", "msg_1", Instant.now().plusSeconds(60));

    assertThat(guard.seen("billing", "msg_1")).isTrue();
    assertThat(guard.toString()).contains("webhooks_seen");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> JdbcSchema.create(database, "x; DROP TABLE users; --"));
  }

  @Test
  void createsTheSchemaIdempotently() {
    DataSource database = TestDatabases.postgres();

    JdbcSchema.create(database);
    JdbcSchema.create(database);

    assertThat(JdbcReplayGuard.builder(database).build().purgeExpired()).isZero();
  }

  /** A clock tests move by hand. */
  static final class MutableClock extends Clock {
    private final AtomicReference<Instant> now;

    MutableClock(Instant start) {
      this.now = new AtomicReference<>(start);
    }

    void set(Instant instant) {
      now.set(instant);
    }

    @Override
    public Instant instant() {
      return now.get();
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
