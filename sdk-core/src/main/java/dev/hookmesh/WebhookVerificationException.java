package dev.hookmesh;

/**
 * Thrown when a webhook request does not pass verification. It is the only exception a
 * {@link WebhookVerifier} throws for request content, however malformed: callers switch on
 * {@link #reason()} instead of parsing the message.
 *
 * <p>The message says what to fix and never contains a secret or the expected signature.
 *
 * <pre>{@code
 * try {
 *   WebhookEvent event = verifier.verify(headers, body);
 * } catch (WebhookVerificationException e) {
 *   return ResponseEntity.status(e.reason().httpStatus()).body(e.getMessage());
 * }
 * }</pre>
 */
public final class WebhookVerificationException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why a request failed verification, with the HTTP status a receiver should answer. */
  public enum Reason {
    /** A header the scheme requires is absent. */
    MISSING_HEADER(400),
    /** A header is present but cannot be parsed: bad encoding, unknown format, too long, repeated. */
    MALFORMED_HEADER(400),
    /** The signed timestamp is older than the tolerance allows: a replay or a slow retry. */
    TIMESTAMP_TOO_OLD(401),
    /** The signed timestamp is further in the future than the tolerance allows: a clock problem. */
    TIMESTAMP_TOO_NEW(401),
    /** The header was well formed but no signature in it matched any configured key. */
    NO_MATCHING_SIGNATURE(401),
    /** The body is larger than the configured maximum; it was not verified. */
    PAYLOAD_TOO_LARGE(413),
    /**
     * The message id was seen before within the replay window. Receivers acknowledge these
     * with a 2xx so that the sender stops retrying, without handling the message twice.
     */
    REPLAYED(200);

    private final int httpStatus;

    Reason(int httpStatus) {
      this.httpStatus = httpStatus;
    }

    /**
     * The status a receiver should answer with: 400 for requests that are not in the scheme's
     * format, 401 for requests that are but are not authentic, 413 for oversized bodies and
     * 200 for replays (already handled).
     *
     * @return an HTTP status code
     */
    public int httpStatus() {
      return httpStatus;
    }
  }

  private final Reason reason;

  /**
   * Creates an exception.
   *
   * @param reason the machine-readable reason
   * @param message what went wrong and what to fix; must not contain secrets or signatures
   */
  public WebhookVerificationException(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  /**
   * Why verification failed.
   *
   * @return the reason, never {@code null}
   */
  public Reason reason() {
    return reason;
  }
}
