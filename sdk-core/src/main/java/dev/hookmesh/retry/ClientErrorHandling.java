package dev.hookmesh.retry;

/**
 * What a retry policy does with a 4xx response that has no rule of its own, such as
 * {@code 400}, {@code 401}, {@code 404} or {@code 422}.
 *
 * <p>{@code 408}, {@code 425} and {@code 429} are always retried and {@code 410} always stops
 * and marks the endpoint gone; this setting covers the rest of the 4xx range.
 */
public enum ClientErrorHandling {

  /**
   * Retry other 4xx like a server error. The default, as in the Standard Webhooks and Svix
   * senders: a receiver that is being redeployed or misconfigured often answers 4xx for a
   * while and then recovers.
   */
  RETRY,

  /**
   * Stop at the first other 4xx ({@link Classification#STOP}): the receiver has refused the
   * request and sending the same bytes again will not change its mind.
   */
  STOP
}
