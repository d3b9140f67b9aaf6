package dev.hookmesh.delivery;

/** How a delivery ended. */
public enum DeliveryOutcome {

  /** The endpoint answered 2xx. */
  DELIVERED,

  /**
   * The retry policy stopped: attempts or time ran out, or it does not retry the last answer
   * (a 4xx under {@link dev.hookmesh.retry.ClientErrorHandling#STOP}).
   */
  EXHAUSTED,

  /** The endpoint answered {@code 410 Gone}, now or earlier; nothing more is sent to it. */
  ENDPOINT_GONE,

  /** The endpoint was disabled after failing for too long, or before this delivery started. */
  ENDPOINT_DISABLED,

  /**
   * The attempt failed in a way retrying cannot fix, such as the SSRF guard refusing the
   * endpoint's address (a {@link dev.hookmesh.retry.NonRetryableException}).
   */
  REFUSED
}
