package dev.hookmesh.retry;

import static dev.hookmesh.retry.Outcomes.error;
import static dev.hookmesh.retry.Outcomes.status;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.SocketTimeoutException;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  @ParameterizedTest
  @ValueSource(ints = {200, 404, 410, 429, 500, 503})
  void noneNeverRetries(int status) {
    assertThat(RetryPolicy.none().decide(1, status(status, "1"))).isEqualTo(RetryDecision.stop());
  }

  @Test
  void noneNeverRetriesNetworkErrors() {
    assertThat(RetryPolicy.none().decide(1, error(new SocketTimeoutException()))).isEqualTo(RetryDecision.stop());
  }

  @Test
  void noneIsOneComparableValue() {
    assertThat(RetryPolicy.none()).isSameAs(RetryPolicy.none()).hasToString("RetryPolicy.none()");
  }

  @Test
  void factoriesReturnEqualValuesEachTime() {
    assertThat(RetryPolicy.exponential()).isEqualTo(RetryPolicy.exponential());
    assertThat(RetryPolicy.standardWebhooks()).isEqualTo(FixedSchedule.standardWebhooks());
  }

  @Test
  void canBeWrittenAsLambda() {
    RetryPolicy always = (attempt, outcome) -> RetryDecision.retryAfter(Duration.ofSeconds(attempt));

    assertThat(always.decide(3, status(500))).isEqualTo(RetryDecision.retryAfter(Duration.ofSeconds(3)));
  }
}
