package dev.hookmesh.spring;

import dev.hookmesh.WebhookVerifier;
import java.time.Duration;
import java.util.List;

/**
 * A configured webhook endpoint, ready to receive: its name, path, verifier and limits. Built
 * from {@link HookmeshReceiverProperties} by {@link WebhookEndpoints#from}.
 *
 * @param name the configured name
 * @param path the request path
 * @param verifier the verifier holding the endpoint's parsed keys
 * @param maxBodySize the largest body accepted, in bytes
 * @param eventTypeSources where the event type is read, in order: JSON pointers (starting with
 *     {@code /}) or header names
 * @param replayWindow how long a handled message id is remembered
 */
public record WebhookEndpoint(
    String name,
    String path,
    WebhookVerifier verifier,
    int maxBodySize,
    List<String> eventTypeSources,
    Duration replayWindow) {

  /**
   * Validates and copies the components.
   *
   * @param name the configured name
   * @param path the request path
   * @param verifier the verifier
   * @param maxBodySize the largest body, in bytes
   * @param eventTypeSources where the event type is read
   * @param replayWindow how long ids are remembered
   */
  public WebhookEndpoint {
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("A webhook path starts with '/': " + path);
    }
    if (maxBodySize < 1) {
      throw new IllegalArgumentException("maxBodySize must be positive: " + maxBodySize);
    }
    eventTypeSources = List.copyOf(eventTypeSources);
  }
}
