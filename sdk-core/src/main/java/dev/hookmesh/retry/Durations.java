package dev.hookmesh.retry;

import dev.hookmesh.internal.Arguments;
import java.time.Duration;
import java.util.Objects;

/** Duration arithmetic the policies share. */
final class Durations {

  private Durations() {
  }

  /** {@code value} in nanoseconds, saturating at {@link Long#MAX_VALUE} (about 292 years). */
  static long nanos(Duration value) {
    try {
      return value.toNanos();
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE;
    }
  }

  /** {@code value * factor}, for a factor that keeps the result within a {@code long} of nanoseconds. */
  static Duration scale(Duration value, double factor) {
    return Duration.ofNanos((long) (nanos(value) * factor));
  }

  static Duration requirePositive(Duration value, String name) {
    return Arguments.requirePositive(value, name);
  }

  static Duration requireNotNegative(Duration value, String name) {
    return Arguments.requireNotNegative(value, name);
  }
}
