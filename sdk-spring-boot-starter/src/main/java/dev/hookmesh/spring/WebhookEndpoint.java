package dev.hookmesh.spring;

import dev.hookmesh.WebhookVerifier;
import dev.hookmesh.http.IpAllowList;
import dev.hookmesh.http.RateLimiter;
import dev.hookmesh.retry.RetryPolicy;
import dev.hookmesh.spring.HookmeshReceiverProperties.Processing;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A configured webhook endpoint, ready to receive: its name, path, verifier and limits, and how
 * it runs its listeners. Built from {@link HookmeshReceiverProperties} by
 * {@link WebhookEndpoints#from}.
 *
 * @param name the configured name
 * @param path the request path
 * @param verifier the verifier holding the endpoint's parsed keys
 * @param maxBodySize the largest body accepted, in bytes
 * @param eventTypeSources where the event type is read, in order: JSON pointers (starting with
 *     {@code /}) or header names
 * @param replayWindow how long a handled message id is remembered
 * @param processing whether listeners run inside the request or through the inbox
 * @param orderingKey a JSON pointer into the body whose value orders inbox events, or
 *     {@code null}
 * @param allowedIps the addresses requests are accepted from
 * @param rateLimiter the limit on requests per second, or {@code null} for none
 * @param retryPolicy for inbox processing, this endpoint's retry policy, or {@code null} for
 *     the inbox's
 */
public record WebhookEndpoint(
    String name,
    String path,
    WebhookVerifier verifier,
    int maxBodySize,
    List<String> eventTypeSources,
    Duration replayWindow,
    Processing processing,
    @Nullable String orderingKey,
    IpAllowList allowedIps,
    @Nullable RateLimiter rateLimiter,
    @Nullable RetryPolicy retryPolicy) {

  /**
   * Validates and copies the components.
   *
   * @param name the configured name
   * @param path the request path
   * @param verifier the verifier
   * @param maxBodySize the largest body, in bytes
   * @param eventTypeSources where the event type is read
   * @param replayWindow how long ids are remembered
   * @param processing inline or inbox
   * @param orderingKey the ordering key's JSON pointer, or {@code null}
   * @param allowedIps the accepted addresses
   * @param rateLimiter the request limit, or {@code null}
   * @param retryPolicy the inbox retry policy, or {@code null}
   */
  public WebhookEndpoint {
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("A webhook path starts with '/': " + path);
    }
    if (maxBodySize < 1) {
      throw new IllegalArgumentException("maxBodySize must be positive: " + maxBodySize);
    }
    if (orderingKey != null && !orderingKey.startsWith("/")) {
      throw new IllegalArgumentException("An ordering key is a JSON pointer starting with '/': "
          + orderingKey);
    }
    eventTypeSources = List.copyOf(eventTypeSources);
    Objects.requireNonNull(processing, "processing");
    Objects.requireNonNull(allowedIps, "allowedIps");
  }

  /**
   * An endpoint that runs its listeners inline, from every address, without a rate limit.
   *
   * @param name the configured name
   * @param path the request path
   * @param verifier the verifier
   * @param maxBodySize the largest body, in bytes
   * @param eventTypeSources where the event type is read
   * @param replayWindow how long ids are remembered
   */
  public WebhookEndpoint(String name, String path, WebhookVerifier verifier, int maxBodySize,
      List<String> eventTypeSources, Duration replayWindow) {
    this(name, path, verifier, maxBodySize, eventTypeSources, replayWindow, Processing.INLINE,
        null, IpAllowList.any(), null, null);
  }

  /**
   * Whether events are stored in the inbox and processed in the background.
   *
   * @return {@code true} for inbox processing
   */
  public boolean usesInbox() {
    return processing == Processing.INBOX;
  }
}
