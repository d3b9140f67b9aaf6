package dev.hookmesh.retry;

/**
 * Marks exceptions whose attempts must not be retried, such as an SSRF refusal: the same
 * request would be refused again, so retrying only delays the final failure.
 *
 * <p>An attempt that failed with an exception implementing this interface, or with an
 * exception caused (at any depth) by one, is classified {@link Classification#STOP}, whatever
 * the retry policy. Implement it on an exception class; there is nothing to override.
 *
 * <pre>{@code
 * final class RefusedAddressException extends UnknownHostException
 *     implements NonRetryableException { ... }
 * }</pre>
 */
public interface NonRetryableException {
}
