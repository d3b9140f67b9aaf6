package dev.hookmesh.retry;

import static dev.hookmesh.retry.Outcomes.status;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryAfterTest {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final Duration POLICY_DELAY = Duration.ofSeconds(10);
  private static final FixedSchedule POLICY = FixedSchedule.builder(POLICY_DELAY)
      .clock(Clock.fixed(NOW, ZoneOffset.UTC))
      .build();

  private static Duration delayAfter(int status, String retryAfter) {
    return POLICY.decide(1, status(status, retryAfter)).delay();
  }

  @ParameterizedTest
  @ValueSource(ints = {429, 503})
  void waitsTheSecondsTheServerAsksFor(int status) {
    assertThat(delayAfter(status, "120")).isEqualTo(Duration.ofSeconds(120));
  }

  @ParameterizedTest
  @ValueSource(ints = {429, 503})
  void waitsUntilTheHttpDateTheServerNames(int status) {
    assertThat(delayAfter(status, "Sun, 01 Mar 2026 12:01:30 GMT")).isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void keepsPolicyDelayWhenServerAsksForLess() {
    assertThat(delayAfter(429, "3")).isEqualTo(POLICY_DELAY);
  }

  @Test
  void keepsPolicyDelayForZeroSeconds() {
    assertThat(delayAfter(429, "0")).isEqualTo(POLICY_DELAY);
  }

  @Test
  void keepsPolicyDelayForDateInThePast() {
    assertThat(delayAfter(503, "Sun, 01 Mar 2026 11:00:00 GMT")).isEqualTo(POLICY_DELAY);
  }

  @ParameterizedTest
  @ValueSource(strings = {"-5", "1.5", "", "  ", "soon", "120 seconds", "Sun, 01 Mar 2026 25:00:00 GMT",
    "Mon, 01 Mar 2026 12:01:30 GMT", "+120", "0x10"})
  void ignoresMalformedValue(String value) {
    assertThat(delayAfter(429, value)).isEqualTo(POLICY_DELAY);
  }

  @Test
  void ignoresRetryAfterOn500() {
    assertThat(delayAfter(500, "120")).isEqualTo(POLICY_DELAY);
  }

  @Test
  void ignoresRetryAfterOnOtherRetryableStatus() {
    assertThat(delayAfter(502, "120")).isEqualTo(POLICY_DELAY);
  }

  @Test
  void clampsToMaxRetryAfter() {
    assertThat(delayAfter(503, "86400")).isEqualTo(RetryPolicy.DEFAULT_MAX_RETRY_AFTER);
  }

  @Test
  void clampsHugeSecondsInsteadOfOverflowing() {
    assertThat(delayAfter(429, "99999999999999999999999")).isEqualTo(RetryPolicy.DEFAULT_MAX_RETRY_AFTER);
  }

  @Test
  void clampsToConfiguredMaxRetryAfter() {
    FixedSchedule policy = POLICY.newBuilder().maxRetryAfter(Duration.ofMinutes(1)).build();

    assertThat(policy.decide(1, status(429, "600")).delay()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void zeroMaxRetryAfterIgnoresTheHeader() {
    FixedSchedule policy = POLICY.newBuilder().maxRetryAfter(Duration.ZERO).build();

    assertThat(policy.decide(1, status(429, "600")).delay()).isEqualTo(POLICY_DELAY);
  }

  @Test
  void stopsWhenRetryAfterGoesPastMaxElapsed() {
    FixedSchedule policy = POLICY.newBuilder().maxElapsed(Duration.ofMinutes(5)).build();

    assertThat(policy.decide(1, status(429, "600"))).isEqualTo(RetryDecision.stop());
  }

  @Test
  void doesNotRetryOnLastAttemptWhateverTheServerSays() {
    assertThat(POLICY.decide(2, status(429, "1"))).isEqualTo(RetryDecision.stop());
  }

  @Test
  void parsesTrimmedSeconds() {
    assertThat(RetryAfter.parse(" 42 ", NOW)).contains(Duration.ofSeconds(42));
  }

  @Test
  void parsesImfFixdate() {
    assertThat(RetryAfter.parse("Sun, 01 Mar 2026 12:00:05 GMT", NOW)).contains(Duration.ofSeconds(5));
  }

  @Test
  void parsesObsoleteRfc850Date() {
    assertThat(RetryAfter.parse("Sunday, 01-Mar-26 12:00:05 GMT", NOW)).contains(Duration.ofSeconds(5));
  }

  @Test
  void readsRfc850YearMoreThanFiftyYearsAheadAsPreviousCentury() {
    assertThat(RetryAfter.parse("Sunday, 06-Nov-94 08:49:37 GMT", NOW)).contains(Duration.ZERO);
  }

  @Test
  void parsesObsoleteAsctimeDate() {
    assertThat(RetryAfter.parse("Sun Mar  1 12:00:05 2026", NOW)).contains(Duration.ofSeconds(5));
  }

  @Test
  void readsAbsentValueAsEmpty() {
    assertThat(RetryAfter.parse(null, NOW)).isEmpty();
  }
}
