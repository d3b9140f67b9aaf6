package dev.hookmesh.retry;

import static dev.hookmesh.retry.Outcomes.error;
import static dev.hookmesh.retry.Outcomes.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ExponentialBackoffTest {

  private static final ExponentialBackoff UPPER_EDGE = RetryPolicy.exponential().newBuilder()
      .random(FixedRandom.HIGHEST)
      .build();

  @Test
  void defaultsAreTheNamedConstants() {
    assertThat(RetryPolicy.exponential()).isEqualTo(ExponentialBackoff.builder()
        .initial(ExponentialBackoff.DEFAULT_INITIAL)
        .multiplier(ExponentialBackoff.DEFAULT_MULTIPLIER)
        .maxDelay(ExponentialBackoff.DEFAULT_MAX_DELAY)
        .maxAttempts(ExponentialBackoff.DEFAULT_MAX_ATTEMPTS)
        .maxElapsed(ExponentialBackoff.DEFAULT_MAX_ELAPSED)
        .build());
  }

  @Test
  void printsItsParameters() {
    assertThat(RetryPolicy.exponential()).hasToString("RetryPolicy.exponential(initial=PT5S, multiplier=2.0, "
        + "maxDelay=PT1H, maxAttempts=12, maxElapsed=PT24H, clientErrors=RETRY, maxRetryAfter=PT1H)");
  }

  @Test
  void comparesByParameters() {
    ExponentialBackoff fiveAttempts = RetryPolicy.exponential().newBuilder().maxAttempts(5).build();

    assertThat(fiveAttempts)
        .isEqualTo(ExponentialBackoff.builder().maxAttempts(5).build())
        .hasSameHashCodeAs(ExponentialBackoff.builder().maxAttempts(5).build())
        .isNotEqualTo(RetryPolicy.exponential());
  }

  @ParameterizedTest(name = "after attempt {0} the bound is {1}")
  @CsvSource({"1, PT5S", "2, PT10S", "3, PT20S", "4, PT40S", "10, PT42M40S", "11, PT1H", "12, PT1H", "1000, PT1H"})
  void delayBoundGrowsByMultiplierUpToMaxDelay(int attempt, Duration bound) {
    assertThat(RetryPolicy.exponential().delayBound(attempt)).isEqualTo(bound);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 5, 11})
  void delayReachesTheBoundWithTheHighestDraw(int attempt) {
    Duration delay = UPPER_EDGE.decide(attempt, status(500)).delay();

    assertThat(delay).isLessThanOrEqualTo(UPPER_EDGE.delayBound(attempt))
        .isGreaterThan(UPPER_EDGE.delayBound(attempt).minusMillis(1));
  }

  @Test
  void delayIsZeroWithTheLowestDraw() {
    ExponentialBackoff policy = RetryPolicy.exponential().newBuilder().random(FixedRandom.LOWEST).build();

    assertThat(policy.decide(3, status(500)).delay()).isZero();
  }

  @Test
  void fullJitterStaysWithinZeroAndTheBoundAndVaries() {
    ExponentialBackoff policy = RetryPolicy.exponential().newBuilder().random(new SplittableRandom(42)).build();
    for (int attempt = 1; attempt < ExponentialBackoff.DEFAULT_MAX_ATTEMPTS; attempt++) {
      Set<Duration> seen = new HashSet<>();
      for (int draw = 0; draw < 200; draw++) {
        Duration delay = policy.decide(attempt, status(503)).delay();
        assertThat(delay).isBetween(Duration.ZERO, policy.delayBound(attempt));
        seen.add(delay);
      }
      assertThat(seen).hasSizeGreaterThan(190);
    }
  }

  @Test
  void retriesOnNetworkError() {
    assertThat(UPPER_EDGE.decide(1, error(new SocketTimeoutException())).shouldRetry()).isTrue();
  }

  @Test
  void stopsAfterMaxAttempts() {
    ExponentialBackoff policy = RetryPolicy.exponential().newBuilder().maxAttempts(3).build();

    assertThat(policy.decide(2, status(500)).shouldRetry()).isTrue();
    assertThat(policy.decide(3, status(500))).isEqualTo(RetryDecision.stop());
  }

  @Test
  void maxAttemptsOfOneNeverRetries() {
    ExponentialBackoff policy = RetryPolicy.exponential().newBuilder().maxAttempts(1).build();

    assertThat(policy.decide(1, status(500))).isEqualTo(RetryDecision.stop());
  }

  @Test
  void stopsWhenNextAttemptWouldStartAfterMaxElapsed() {
    ExponentialBackoff policy = UPPER_EDGE.newBuilder().maxElapsed(Duration.ofMinutes(10)).build();
    // the delay after attempt 3 is just under 20s
    AttemptOutcome late = status(500).withElapsed(Duration.ofMinutes(10).minusSeconds(20));
    AttemptOutcome tooLate = status(500).withElapsed(Duration.ofMinutes(10).minusSeconds(19));

    assertThat(policy.decide(3, late).shouldRetry()).isTrue();
    assertThat(policy.decide(3, tooLate)).isEqualTo(RetryDecision.stop());
  }

  @Test
  void stopsOnSuccess() {
    assertThat(UPPER_EDGE.decide(1, status(200))).isEqualTo(RetryDecision.stop());
  }

  @Test
  void stopsOn410() {
    assertThat(UPPER_EDGE.decide(1, status(410))).isEqualTo(RetryDecision.stop());
  }

  @Test
  void retriesOn404ByDefault() {
    assertThat(UPPER_EDGE.decide(1, status(404)).shouldRetry()).isTrue();
  }

  @Test
  void stopsOn404WhenClientErrorsStop() {
    ExponentialBackoff policy = UPPER_EDGE.newBuilder().clientErrors(ClientErrorHandling.STOP).build();

    assertThat(policy.decide(1, status(404))).isEqualTo(RetryDecision.stop());
    assertThat(policy.decide(1, status(429)).shouldRetry()).isTrue();
  }

  @Test
  void rejectsAttemptBelowOne() {
    assertThatThrownBy(() -> UPPER_EDGE.decide(0, status(500)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("attempt must be at least 1, was 0");
  }

  @Test
  void rejectsInvalidParameters() {
    ExponentialBackoff.Builder builder = ExponentialBackoff.builder();

    assertThatThrownBy(() -> builder.initial(Duration.ZERO)).hasMessage("initial must be positive, was PT0S");
    assertThatThrownBy(() -> builder.multiplier(0.5)).hasMessage("multiplier must be finite and at least 1.0, was 0.5");
    assertThatThrownBy(() -> builder.multiplier(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.multiplier(Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.maxDelay(Duration.ofSeconds(-1))).hasMessage("maxDelay must be positive, was PT-1S");
    assertThatThrownBy(() -> builder.maxAttempts(0)).hasMessage("maxAttempts must be at least 1, was 0");
    assertThatThrownBy(() -> builder.maxElapsed(Duration.ZERO)).hasMessage("maxElapsed must be positive, was PT0S");
    assertThatThrownBy(() -> builder.maxRetryAfter(Duration.ofSeconds(-1)))
        .hasMessage("maxRetryAfter must not be negative, was PT-1S");
  }

  @Test
  void rejectsMaxDelayBelowInitial() {
    ExponentialBackoff.Builder builder = ExponentialBackoff.builder()
        .initial(Duration.ofMinutes(2))
        .maxDelay(Duration.ofMinutes(1));

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxDelay must be at least initial PT2M, was PT1M");
  }

  @Test
  void newBuilderKeepsEveryParameter() {
    ExponentialBackoff custom = ExponentialBackoff.builder()
        .initial(Duration.ofSeconds(1))
        .multiplier(3)
        .maxDelay(Duration.ofMinutes(5))
        .maxAttempts(4)
        .maxElapsed(Duration.ofHours(1))
        .clientErrors(ClientErrorHandling.STOP)
        .maxRetryAfter(Duration.ofMinutes(2))
        .random(FixedRandom.MIDDLE)
        .build();

    assertThat(custom.newBuilder().build()).isEqualTo(custom);
  }
}
