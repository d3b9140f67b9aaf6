package dev.hookmesh.retry;

/**
 * What one attempt's outcome means for the delivery, as derived by
 * {@link AttemptOutcome#classification(ClientErrorHandling)}.
 *
 * <table>
 *   <caption>Rules, first match wins</caption>
 *   <tr><th>outcome</th><th>classification</th></tr>
 *   <tr><td>an error that is, or is caused by, a {@link NonRetryableException}</td>
 *       <td>{@link #STOP}</td></tr>
 *   <tr><td>any other error (timeouts, connection resets, unknown hosts, any
 *       {@link java.io.IOException})</td><td>{@link #RETRYABLE}</td></tr>
 *   <tr><td>2xx</td><td>{@link #SUCCESS}</td></tr>
 *   <tr><td>410</td><td>{@link #GONE}</td></tr>
 *   <tr><td>408, 425, 429, 5xx</td><td>{@link #RETRYABLE}</td></tr>
 *   <tr><td>1xx and 3xx (redirects are not followed, so a redirect is a failed
 *       delivery)</td><td>{@link #RETRYABLE}</td></tr>
 *   <tr><td>other 4xx</td><td>{@link #RETRYABLE}, or {@link #STOP} with
 *       {@link ClientErrorHandling#STOP}</td></tr>
 * </table>
 */
public enum Classification {

  /** The receiver accepted the message (2xx). Nothing to retry. */
  SUCCESS,

  /** The attempt failed in a way that may pass later; the policy decides when. */
  RETRYABLE,

  /** The attempt failed and retrying cannot help; the delivery fails now. */
  STOP,

  /** The receiver answered {@code 410 Gone}: stop, and mark the endpoint gone. */
  GONE
}
