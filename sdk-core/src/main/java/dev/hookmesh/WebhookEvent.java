package dev.hookmesh;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A webhook whose signature was verified: the body is authentic and, for schemes that sign a
 * timestamp, fresh.
 *
 * <p>{@link #id()} is the sender's idempotency key where the scheme has one (Standard
 * Webhooks' {@code webhook-id}, GitHub's {@code X-GitHub-Delivery}, Shopify's
 * {@code X-Shopify-Webhook-Id}); deduplicate on it.
 */
public final class WebhookEvent {

  private final @Nullable String id;
  private final @Nullable Instant timestamp;
  private final byte[] body;
  private final String scheme;
  private final int keyIndex;

  /**
   * Creates a verified event. Schemes call this; applications receive events from
   * {@link WebhookVerifier#verify(HeaderLookup, byte[])}.
   *
   * @param id the message id, or {@code null} when the scheme carries none
   * @param timestamp the signed timestamp, or {@code null} when the scheme signs none
   * @param body the verified body, not copied
   * @param scheme the name of the scheme that verified it
   * @param keyIndex the position of the matching key in the verifier's key list
   */
  public WebhookEvent(
      @Nullable String id, @Nullable Instant timestamp, byte[] body, String scheme, int keyIndex) {
    this.id = id;
    this.timestamp = timestamp;
    this.body = Objects.requireNonNull(body, "body");
    this.scheme = Objects.requireNonNull(scheme, "scheme");
    this.keyIndex = keyIndex;
  }

  /**
   * The message id from the signature headers.
   *
   * @return the id, or {@code null} for schemes without one (Stripe and Slack carry theirs in
   *     the body)
   */
  public @Nullable String id() {
    return id;
  }

  /**
   * When the sender signed the message.
   *
   * @return the signed timestamp, or {@code null} for schemes that sign none (GitHub, Shopify)
   */
  public @Nullable Instant timestamp() {
    return timestamp;
  }

  /**
   * The verified raw body. This is the array the verifier was given, not a copy: do not
   * change it.
   *
   * @return the body bytes
   */
  public byte[] body() {
    return body;
  }

  /**
   * The body decoded as UTF-8.
   *
   * @return the body as text
   */
  public String bodyAsString() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /**
   * The scheme that verified the event, such as {@code standard-webhooks} or {@code github}.
   *
   * @return the scheme name
   */
  public String scheme() {
    return scheme;
  }

  /**
   * Which key matched, as its position in the verifier's key list. During a key rotation this
   * tells whether senders still use the old key.
   *
   * @return a zero-based index
   */
  public int keyIndex() {
    return keyIndex;
  }

  @Override
  public String toString() {
    return "WebhookEvent[id=" + id + ", timestamp=" + timestamp + ", scheme=" + scheme
        + ", keyIndex=" + keyIndex + ", body=" + body.length + " bytes]";
  }
}
