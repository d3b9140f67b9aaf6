package dev.hookmesh.queue.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A key's pace: a second's worth at once, then one token per 1/rate seconds of the caller's clock. */
class TokenBucketTest {

  private static final Instant T0 = Instant.parse("2026-11-30T08:00:00Z");

  private final TokenBucket bucket = new TokenBucket();

  @Test
  void startsFullWithASecondsWorth() {
    assertThat(bucket.take(3, T0)).isTrue();
    assertThat(bucket.take(3, T0)).isTrue();
    assertThat(bucket.take(3, T0)).isTrue();
    assertThat(bucket.take(3, T0)).isFalse();
  }

  @Test
  void refillsAsTheClockMovesAndSaysWhenTheNextTokenComes() {
    bucket.take(2, T0);
    bucket.take(2, T0);

    assertThat(bucket.nanosUntilToken(2, T0)).isEqualTo(500_000_000L);
    assertThat(bucket.take(2, T0.plusMillis(499))).isFalse();
    assertThat(bucket.take(2, T0.plusMillis(500))).isTrue();
    assertThat(bucket.nanosUntilToken(2, T0.plusSeconds(5))).isZero();
  }

  @Test
  void neverHoldsMoreThanASecondsWorth() {
    assertThat(bucket.take(1, T0)).isTrue();

    assertThat(bucket.take(1, T0.plusSeconds(3600))).isTrue();
    assertThat(bucket.take(1, T0.plusSeconds(3600))).isFalse();
  }

  @Test
  void aClockThatGoesBackDoesNotAddTokens() {
    bucket.take(1, T0);

    assertThat(bucket.take(1, T0.minusSeconds(10))).isFalse();
    assertThat(bucket.take(1, T0.plusSeconds(1))).isTrue();
  }
}
