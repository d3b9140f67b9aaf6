package dev.hookmesh;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that runs with real time from a start, and that a test can move forward. */
public final class TestClock extends Clock {

  private final Instant start;
  private final long startNanos = System.nanoTime();
  private final AtomicLong offsetNanos = new AtomicLong();

  /**
   * A clock starting now.
   */
  public TestClock() {
    this(Instant.now());
  }

  /**
   * A clock starting at a time.
   *
   * @param start the time
   */
  public TestClock(Instant start) {
    this.start = start;
  }

  /**
   * Moves the clock forward.
   *
   * @param duration how far
   */
  public void advance(Duration duration) {
    offsetNanos.addAndGet(duration.toNanos());
  }

  @Override
  public Instant instant() {
    return start.plusNanos(System.nanoTime() - startNanos + offsetNanos.get());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException();
  }
}
