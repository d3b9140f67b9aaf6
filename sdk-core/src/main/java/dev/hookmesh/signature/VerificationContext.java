package dev.hookmesh.signature;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What a {@link SignatureScheme} applies while verifying one request: the current time, how far
 * a signed timestamp may stray from it, and bounds on the work a hostile request can cause.
 *
 * @param now the current time
 * @param tolerance how far a signed timestamp may be from {@code now}, in either direction
 * @param maxSignatures the most signatures one request may carry
 * @param maxHeaderLength the longest signature-related header value, in characters
 */
public record VerificationContext(
    Instant now, Duration tolerance, int maxSignatures, int maxHeaderLength) {

  /** Validates the values. */
  public VerificationContext {
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(tolerance, "tolerance");
    if (tolerance.isNegative()) {
      throw new IllegalArgumentException("tolerance must not be negative: " + tolerance);
    }
    if (maxSignatures < 1) {
      throw new IllegalArgumentException("maxSignatures must be at least 1: " + maxSignatures);
    }
    if (maxHeaderLength < 1) {
      throw new IllegalArgumentException("maxHeaderLength must be at least 1: " + maxHeaderLength);
    }
  }
}
