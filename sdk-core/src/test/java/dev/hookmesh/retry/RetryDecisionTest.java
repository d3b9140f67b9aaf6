package dev.hookmesh.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryDecisionTest {

  @Test
  void retryAfterCarriesDelay() {
    RetryDecision decision = RetryDecision.retryAfter(Duration.ofSeconds(5));

    assertThat(decision.shouldRetry()).isTrue();
    assertThat(decision.delay()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void retryAfterZeroRetriesAtOnce() {
    assertThat(RetryDecision.retryAfter(Duration.ZERO).delay()).isZero();
  }

  @Test
  void stopDoesNotRetry() {
    assertThat(RetryDecision.stop().shouldRetry()).isFalse();
  }

  @Test
  void stopHasNoDelay() {
    assertThatThrownBy(() -> RetryDecision.stop().delay())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("a decision to stop has no delay; check shouldRetry() first");
  }

  @Test
  void rejectsNegativeDelay() {
    assertThatThrownBy(() -> RetryDecision.retryAfter(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("delay must not be negative, was PT-1S");
  }

  @Test
  void comparesByDelay() {
    assertThat(RetryDecision.retryAfter(Duration.ofSeconds(5)))
        .isEqualTo(RetryDecision.retryAfter(Duration.ofSeconds(5)))
        .hasSameHashCodeAs(RetryDecision.retryAfter(Duration.ofSeconds(5)))
        .isNotEqualTo(RetryDecision.retryAfter(Duration.ofSeconds(6)))
        .isNotEqualTo(RetryDecision.stop());
  }

  @Test
  void printsItsShape() {
    assertThat(RetryDecision.retryAfter(Duration.ofSeconds(5))).hasToString("RetryDecision.retryAfter(PT5S)");
    assertThat(RetryDecision.stop()).hasToString("RetryDecision.stop()");
  }
}
