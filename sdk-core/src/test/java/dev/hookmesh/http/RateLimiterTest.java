package dev.hookmesh.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.hookmesh.TestClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

  private final TestClock clock = new TestClock();

  @Test
  void takesASecondsWorthAtOnceThenRefillsContinuously() {
    RateLimiter limiter = RateLimiter.perSecond(4, clock);

    for (int i = 0; i < 4; i++) {
      assertThat(limiter.tryAcquire()).as("request %d", i).isTrue();
    }
    assertThat(limiter.tryAcquire()).isFalse();

    clock.advance(Duration.ofMillis(250));
    assertThat(limiter.tryAcquire()).isTrue();
    assertThat(limiter.tryAcquire()).isFalse();

    clock.advance(Duration.ofSeconds(10)); // an idle limiter holds no more than a second's worth
    int taken = 0;
    while (limiter.tryAcquire()) {
      taken++;
    }
    assertThat(taken).isEqualTo(4);
  }

  @Test
  void retryAfterIsTheWaitForTheNextTokenInWholeSeconds() {
    RateLimiter slow = RateLimiter.perSecond(1, clock);
    assertThat(slow.tryAcquire()).isTrue();
    assertThat(slow.tryAcquire()).isFalse();
    assertThat(slow.retryAfter()).isEqualTo(Duration.ofSeconds(1));

    RateLimiter fast = RateLimiter.perSecond(100, clock);
    while (fast.tryAcquire()) {
      // drain it
    }
    assertThat(fast.retryAfter()).as("at least a second, as Retry-After counts")
        .isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void refusesALimitBelowOne() {
    assertThatIllegalArgumentException().isThrownBy(() -> RateLimiter.perSecond(0))
        .withMessageContaining("perSecond");
    assertThat(RateLimiter.perSecond(7)).hasToString("RateLimiter[7/s]");
    assertThat(RateLimiter.perSecond(7).perSecond()).isEqualTo(7);
  }
}
