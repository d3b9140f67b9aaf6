package dev.hookmesh.signature;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link SignatureScheme} applies while verifying one request: the current time, how far
 * a signed timestamp may stray from it, bounds on the work a hostile request can cause, and the
 * URL the request was posted to, for the schemes that sign it.
 *
 * @param now the current time
 * @param tolerance how far a signed timestamp may be from {@code now}, in either direction
 * @param maxSignatures the most signatures one request may carry
 * @param maxHeaderLength the longest signature-related header value, in characters
 * @param requestUrl the full URL the sender posted to, query string included, as the sender
 *     saw it; {@code null} if unknown, which the schemes that sign it refuse
 */
public record VerificationContext(
    Instant now, Duration tolerance, int maxSignatures, int maxHeaderLength,
    @Nullable String requestUrl) {

  /**
   * A context without the request's URL, for the schemes that do not sign it.
   *
   * @param now the current time
   * @param tolerance how far a signed timestamp may be from {@code now}
   * @param maxSignatures the most signatures one request may carry
   * @param maxHeaderLength the longest signature-related header value, in characters
   */
  public VerificationContext(
      Instant now, Duration tolerance, int maxSignatures, int maxHeaderLength) {
    this(now, tolerance, maxSignatures, maxHeaderLength, null);
  }

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
