package dev.hookmesh.retry;

import static dev.hookmesh.retry.Outcomes.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FixedScheduleTest {

  private static final FixedSchedule LADDER_WITHOUT_JITTER =
      RetryPolicy.standardWebhooks().newBuilder().jitter(0).build();

  @Test
  void standardWebhooksWaitsTheSpecLadderBetweenEightAttempts() {
    List<RetryDecision> decisions = IntStream.rangeClosed(1, 8)
        .mapToObj(attempt -> LADDER_WITHOUT_JITTER.decide(attempt, status(503)))
        .toList();

    assertThat(decisions).containsExactly(
        RetryDecision.retryAfter(Duration.ofSeconds(5)),
        RetryDecision.retryAfter(Duration.ofMinutes(5)),
        RetryDecision.retryAfter(Duration.ofMinutes(30)),
        RetryDecision.retryAfter(Duration.ofHours(2)),
        RetryDecision.retryAfter(Duration.ofHours(5)),
        RetryDecision.retryAfter(Duration.ofHours(10)),
        RetryDecision.retryAfter(Duration.ofHours(10)),
        RetryDecision.stop());
  }

  @Test
  void standardWebhooksRunsToItsEndWithHighestJitter() {
    FixedSchedule ladder = RetryPolicy.standardWebhooks().newBuilder().random(FixedRandom.HIGHEST).build();
    Duration elapsed = Outcomes.TOOK;
    for (int attempt = 1; attempt <= 7; attempt++) {
      RetryDecision decision = ladder.decide(attempt, status(500).withElapsed(elapsed));
      assertThat(decision.shouldRetry()).as("after attempt %d", attempt).isTrue();
      elapsed = elapsed.plus(decision.delay()).plus(Outcomes.TOOK);
    }
  }

  @Test
  void standardWebhooksJitterStaysWithinTwentyPercentAndVaries() {
    FixedSchedule ladder = RetryPolicy.standardWebhooks().newBuilder().random(new SplittableRandom(7)).build();
    for (int attempt = 1; attempt <= 7; attempt++) {
      Duration nominal = FixedSchedule.STANDARD_WEBHOOKS_DELAYS.get(attempt - 1);
      Set<Duration> seen = new HashSet<>();
      for (int draw = 0; draw < 200; draw++) {
        Duration delay = ladder.decide(attempt, status(500)).delay();
        assertThat(delay).isBetween(Durations.scale(nominal, 0.8), Durations.scale(nominal, 1.2));
        seen.add(delay);
      }
      assertThat(seen).hasSizeGreaterThan(190);
    }
  }

  @ParameterizedTest(name = "draw {0} moves 5s to {1}")
  @CsvSource({"0.0, PT4S", "0.5, PT5S", "0.75, PT5.5S"})
  void jitterMovesDelayByUpToTheFraction(double draw, Duration expected) {
    FixedSchedule ladder = RetryPolicy.standardWebhooks().newBuilder().random(new FixedRandom(draw)).build();

    assertThat(ladder.decide(1, status(500)).delay()).isEqualTo(expected);
  }

  @Test
  void fixedScheduleHasNoJitterAndOneAttemptPerDelayPlusTheFirst() {
    FixedSchedule policy = RetryPolicy.fixedSchedule(Duration.ofSeconds(1), Duration.ofSeconds(2));

    assertThat(policy.decide(1, status(500))).isEqualTo(RetryDecision.retryAfter(Duration.ofSeconds(1)));
    assertThat(policy.decide(2, status(500))).isEqualTo(RetryDecision.retryAfter(Duration.ofSeconds(2)));
    assertThat(policy.decide(3, status(500))).isEqualTo(RetryDecision.stop());
  }

  @Test
  void repeatsLastDelayWhenMoreAttemptsAreAllowed() {
    FixedSchedule policy = FixedSchedule.builder(Duration.ofSeconds(1), Duration.ofSeconds(2)).maxAttempts(5).build();

    assertThat(policy.decide(4, status(500))).isEqualTo(RetryDecision.retryAfter(Duration.ofSeconds(2)));
    assertThat(policy.decide(5, status(500))).isEqualTo(RetryDecision.stop());
  }

  @Test
  void stopsEarlierWithFewerAttempts() {
    FixedSchedule policy = RetryPolicy.standardWebhooks().newBuilder().maxAttempts(3).build();

    assertThat(policy.decide(3, status(500))).isEqualTo(RetryDecision.stop());
  }

  @Test
  void stopsWhenNextAttemptWouldStartAfterMaxElapsed() {
    FixedSchedule policy = FixedSchedule.builder(Duration.ofHours(1)).maxElapsed(Duration.ofHours(2)).build();

    assertThat(policy.decide(1, status(500).withElapsed(Duration.ofHours(1))).shouldRetry()).isTrue();
    assertThat(policy.decide(1, status(500).withElapsed(Duration.ofMinutes(61)))).isEqualTo(RetryDecision.stop());
  }

  @Test
  void stopsOn410AndOnNonRetryableClientErrorWhenConfigured() {
    FixedSchedule policy = LADDER_WITHOUT_JITTER.newBuilder().clientErrors(ClientErrorHandling.STOP).build();

    assertThat(policy.decide(1, status(410))).isEqualTo(RetryDecision.stop());
    assertThat(policy.decide(1, status(422))).isEqualTo(RetryDecision.stop());
    assertThat(policy.decide(1, status(408)).shouldRetry()).isTrue();
  }

  @Test
  void printsItsParameters() {
    assertThat(RetryPolicy.standardWebhooks()).hasToString("RetryPolicy.fixedSchedule("
        + "delays=[PT5S, PT5M, PT30M, PT2H, PT5H, PT10H, PT10H], jitter=0.2, maxAttempts=8, "
        + "maxElapsed=PT72H, clientErrors=RETRY, maxRetryAfter=PT1H)");
  }

  @Test
  void comparesByParameters() {
    assertThat(RetryPolicy.standardWebhooks())
        .isEqualTo(FixedSchedule.builder(FixedSchedule.STANDARD_WEBHOOKS_DELAYS).jitter(0.2).build())
        .hasSameHashCodeAs(FixedSchedule.builder(FixedSchedule.STANDARD_WEBHOOKS_DELAYS).jitter(0.2).build())
        .isNotEqualTo(LADDER_WITHOUT_JITTER);
    assertThat(RetryPolicy.fixedSchedule(Duration.ofSeconds(1)))
        .isEqualTo(RetryPolicy.fixedSchedule(Duration.ofSeconds(1)))
        .isNotEqualTo(RetryPolicy.fixedSchedule(Duration.ofSeconds(2)));
  }

  @Test
  void rejectsEmptySchedule() {
    assertThatThrownBy(RetryPolicy::fixedSchedule)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("delays must not be empty; use RetryPolicy.none() for no retries");
  }

  @Test
  void rejectsNegativeDelay() {
    assertThatThrownBy(() -> RetryPolicy.fixedSchedule(Duration.ofSeconds(1), Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("delays[1] must not be negative, was PT-1S");
  }

  @Test
  void acceptsZeroDelay() {
    assertThat(RetryPolicy.fixedSchedule(Duration.ZERO).decide(1, status(500)))
        .isEqualTo(RetryDecision.retryAfter(Duration.ZERO));
  }

  @Test
  void rejectsJitterOutsideZeroToOne() {
    FixedSchedule.Builder builder = FixedSchedule.builder(Duration.ofSeconds(1));

    assertThatThrownBy(() -> builder.jitter(1.5)).hasMessage("jitter must be between 0.0 and 1.0, was 1.5");
    assertThatThrownBy(() -> builder.jitter(-0.1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.jitter(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void delaysAreUnmodifiable() {
    assertThatThrownBy(() -> RetryPolicy.standardWebhooks().delays().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void newBuilderKeepsEveryParameter() {
    FixedSchedule custom = FixedSchedule.builder(Duration.ofSeconds(3))
        .jitter(0.5)
        .maxAttempts(4)
        .maxElapsed(Duration.ofHours(1))
        .clientErrors(ClientErrorHandling.STOP)
        .maxRetryAfter(Duration.ZERO)
        .random(FixedRandom.MIDDLE)
        .build();

    assertThat(custom.newBuilder().build()).isEqualTo(custom);
  }
}
