package dev.hookmesh.retry;

import java.util.random.RandomGenerator;

/** A "random" generator whose {@code nextDouble()} always returns the same value. */
record FixedRandom(double value) implements RandomGenerator {

  static final FixedRandom LOWEST = new FixedRandom(0.0);
  static final FixedRandom MIDDLE = new FixedRandom(0.5);
  static final FixedRandom HIGHEST = new FixedRandom(Math.nextDown(1.0));

  @Override
  public double nextDouble() {
    return value;
  }

  @Override
  public long nextLong() {
    throw new UnsupportedOperationException("the policies draw doubles");
  }
}
