package dev.hookmesh.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AttemptOutcomeTest {

  private static final Duration TOOK = Duration.ofMillis(250);

  @Test
  void looksUpHeadersIgnoringCase() {
    AttemptOutcome outcome = AttemptOutcome.response(429, Map.of("Retry-After", List.of("120")), TOOK);

    assertThat(outcome.header("retry-after")).isEqualTo("120");
    assertThat(outcome.header("RETRY-AFTER")).isEqualTo("120");
    assertThat(outcome.headers().get("Retry-After")).containsExactly("120");
  }

  @Test
  void returnsFirstValueOfRepeatedHeader() {
    AttemptOutcome outcome = AttemptOutcome.response(503, Map.of("Retry-After", List.of("5", "10")), TOOK);

    assertThat(outcome.header("Retry-After")).isEqualTo("5");
  }

  @Test
  void returnsNullForAbsentHeader() {
    assertThat(AttemptOutcome.response(500, Map.of(), TOOK).header("Retry-After")).isNull();
  }

  @Test
  void mergesHeadersThatDifferOnlyInCase() {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("X-Trace", List.of("a"));
    headers.put("x-trace", List.of("b"));

    assertThat(AttemptOutcome.response(500, headers, TOOK).headers()).containsOnlyKeys("x-trace");
    assertThat(AttemptOutcome.response(500, headers, TOOK).headers().get("x-trace")).containsExactly("a", "b");
  }

  @Test
  void copiesHeadersAndKeepsThemUnmodifiable() {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("A", List.of("1"));
    AttemptOutcome outcome = AttemptOutcome.response(500, headers, TOOK);
    headers.put("B", List.of("2"));

    assertThat(outcome.headers()).containsOnlyKeys("a");
    assertThatThrownBy(() -> outcome.headers().put("c", List.of())).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void responseHasStatusAndNoError() {
    AttemptOutcome outcome = AttemptOutcome.response(502, Map.of(), TOOK);

    assertThat(outcome.status()).hasValue(502);
    assertThat(outcome.error()).isNull();
    assertThat(outcome.duration()).isEqualTo(TOOK);
  }

  @Test
  void failureHasErrorAndNoStatusOrHeaders() {
    SocketTimeoutException timeout = new SocketTimeoutException("timeout");
    AttemptOutcome outcome = AttemptOutcome.failure(timeout, TOOK);

    assertThat(outcome.status()).isEmpty();
    assertThat(outcome.headers()).isEmpty();
    assertThat(outcome.error()).isSameAs(timeout);
  }

  @Test
  void elapsedStartsAsTheAttemptsDuration() {
    assertThat(AttemptOutcome.response(500, Map.of(), TOOK).elapsed()).isEqualTo(TOOK);
  }

  @Test
  void withElapsedSetsTimeSinceFirstAttempt() {
    AttemptOutcome outcome = AttemptOutcome.response(500, Map.of(), TOOK).withElapsed(Duration.ofMinutes(7));

    assertThat(outcome.elapsed()).isEqualTo(Duration.ofMinutes(7));
    assertThat(outcome.duration()).isEqualTo(TOOK);
  }

  @Test
  void rejectsElapsedShorterThanDuration() {
    AttemptOutcome outcome = AttemptOutcome.response(500, Map.of(), TOOK);

    assertThatThrownBy(() -> outcome.withElapsed(Duration.ofMillis(10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("elapsed must be at least the attempt's duration PT0.25S, was PT0.01S");
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 0, 99, 600, 1000})
  void rejectsStatusOutsideHttpRange(int status) {
    assertThatThrownBy(() -> AttemptOutcome.response(status, Map.of(), TOOK))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("status must be between 100 and 599, was " + status);
  }

  @Test
  void rejectsNegativeDuration() {
    assertThatThrownBy(() -> AttemptOutcome.failure(new SocketTimeoutException(), Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("duration must not be negative, was PT-1S");
  }

  @Test
  void equalsOutcomeWithSameValuesWhateverTheHeaderCase() {
    AttemptOutcome upper = AttemptOutcome.response(429, Map.of("Retry-After", List.of("1")), TOOK);
    AttemptOutcome lower = AttemptOutcome.response(429, Map.of("retry-after", List.of("1")), TOOK);

    assertThat(upper).isEqualTo(lower).hasSameHashCodeAs(lower);
    assertThat(upper).isNotEqualTo(AttemptOutcome.response(429, Map.of(), TOOK));
    assertThat(upper).isNotEqualTo(upper.withElapsed(Duration.ofSeconds(1)));
  }

  @Test
  void equalsFailureOnlyWithTheSameError() {
    SocketTimeoutException timeout = new SocketTimeoutException("timeout");

    assertThat(AttemptOutcome.failure(timeout, TOOK)).isEqualTo(AttemptOutcome.failure(timeout, TOOK));
    assertThat(AttemptOutcome.failure(timeout, TOOK))
        .isNotEqualTo(AttemptOutcome.failure(new SocketTimeoutException("timeout"), TOOK));
  }

  @Test
  void printsStatusHeadersAndDurations() {
    assertThat(AttemptOutcome.response(429, Map.of("Retry-After", List.of("1")), TOOK))
        .hasToString("AttemptOutcome{status=429, headers={retry-after=[1]}, duration=PT0.25S, elapsed=PT0.25S}");
  }

  @Test
  void printsError() {
    assertThat(AttemptOutcome.failure(new SocketTimeoutException("timeout"), TOOK))
        .hasToString("AttemptOutcome{error=java.net.SocketTimeoutException: timeout, duration=PT0.25S, elapsed=PT0.25S}");
  }
}
