/**
 * When and whether to retry a webhook delivery.
 *
 * <p>A {@link dev.hookmesh.retry.RetryPolicy} looks at the attempt number and the
 * {@link dev.hookmesh.retry.AttemptOutcome} of the attempt that just finished (status, headers,
 * error, durations) and returns a {@link dev.hookmesh.retry.RetryDecision}. Outcomes are
 * sorted by {@link dev.hookmesh.retry.Classification}: only 2xx succeeds, {@code 410 Gone}
 * stops and marks the endpoint gone, {@code 408}, {@code 425}, {@code 429}, 5xx, 3xx and
 * network errors are retried, other 4xx are retried or stopped as the policy's
 * {@link dev.hookmesh.retry.ClientErrorHandling} says.
 *
 * <p>The built-in policies are immutable values that print their parameters and compare by
 * them:
 *
 * <pre>{@code
 * RetryPolicy standard = RetryPolicy.standardWebhooks();
 * RetryPolicy quick = RetryPolicy.exponential().newBuilder()
 *     .maxAttempts(5)
 *     .clientErrors(ClientErrorHandling.STOP)
 *     .build();
 * }</pre>
 */
@NullMarked
package dev.hookmesh.retry;

import org.jspecify.annotations.NullMarked;
