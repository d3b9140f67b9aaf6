package dev.hookmesh;

import dev.hookmesh.internal.MediaTypes;
import dev.hookmesh.json.PayloadCodec;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One event to send: an id, an event type, a payload and when it was created. Immutable.
 *
 * <pre>{@code
 * WebhookMessage message = WebhookMessage.builder("invoice.paid")
 *     .payload(Map.of("invoice", "in_123", "amount", 4200))   // encoded by the client's PayloadCodec
 *     .build();
 * WebhookMessage raw = WebhookMessage.builder("invoice.paid")
 *     .id("msg_invoice_in_123_paid")                           // your own idempotency key
 *     .body("<invoice/>".getBytes(UTF_8), "application/xml")
 *     .build();
 * }</pre>
 *
 * <p>The id goes out as {@code webhook-id} on every attempt, so receivers deduplicate on it;
 * without one, {@code msg_} and 26 random characters from {@link SecureRandom} are generated.
 * A payload object is encoded once, when the message is sent; a message whose body is bytes
 * is sent as is. The body array is shared, not copied: do not change it after building.
 */
public final class WebhookMessage {

  /** The longest id accepted, in characters. */
  public static final int MAX_ID_LENGTH = 256;

  /** The longest ordering key accepted, in characters. */
  public static final int MAX_ORDERING_KEY_LENGTH = 255;

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] BASE32 = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();

  private final String id;
  private final String eventType;
  private final Instant createdAt;
  private final @Nullable Object payload;
  private final byte @Nullable [] body;
  private final @Nullable String contentType;
  private final @Nullable String orderingKey;
  private final @Nullable String application;
  private final TraceContext traceContext;

  private WebhookMessage(String id, String eventType, Instant createdAt, @Nullable Object payload,
      byte @Nullable [] body, @Nullable String contentType, @Nullable String orderingKey,
      @Nullable String application, TraceContext traceContext) {
    this.id = id;
    this.eventType = eventType;
    this.createdAt = createdAt;
    this.payload = payload;
    this.body = body;
    this.contentType = contentType;
    this.orderingKey = orderingKey;
    this.application = application;
    this.traceContext = traceContext;
  }

  /**
   * Starts a message of an event type.
   *
   * @param eventType such as {@code invoice.paid}; not blank
   * @return a new builder
   */
  public static Builder builder(String eventType) {
    return new Builder(eventType);
  }

  /**
   * A message with a generated id whose payload the client's {@link PayloadCodec} encodes.
   *
   * @param eventType such as {@code invoice.paid}
   * @param payload the event object
   * @return the message
   */
  public static WebhookMessage of(String eventType, Object payload) {
    return builder(eventType).payload(payload).build();
  }

  /**
   * Generates a message id: {@code msg_} and 26 characters of base32 (130 random bits).
   *
   * @return a new id
   */
  public static String newId() {
    char[] id = new char[30];
    id[0] = 'm';
    id[1] = 's';
    id[2] = 'g';
    id[3] = '_';
    byte[] random = new byte[26];
    RANDOM.nextBytes(random);
    for (int i = 0; i < random.length; i++) {
      id[4 + i] = BASE32[random[i] & 31];
    }
    return new String(id);
  }

  /**
   * This message with its payload encoded, or this message if its body is already bytes.
   * Clients call this on send; call it yourself to store or inspect the exact bytes.
   *
   * @param codec the codec for a payload object
   * @return a message whose {@link #body()} is available, with the same id and time
   */
  public WebhookMessage encode(PayloadCodec codec) {
    if (body != null) {
      return this;
    }
    byte[] encoded = codec.encode(Objects.requireNonNull(payload));
    return new WebhookMessage(id, eventType, createdAt, null, encoded, codec.contentType(),
        orderingKey, application, traceContext);
  }

  /**
   * A builder holding everything this message holds, to derive another from it, such as the
   * same event under another id.
   *
   * @return a new builder
   */
  public Builder newBuilder() {
    Builder builder = new Builder(eventType);
    builder.id = id;
    builder.createdAt = createdAt;
    builder.payload = payload;
    builder.body = body;
    if (contentType != null) {
      builder.contentType = contentType;
    }
    builder.orderingKey = orderingKey;
    builder.application = application;
    builder.traceContext = traceContext;
    return builder;
  }

  /**
   * The key that orders this message's deliveries: to each endpoint, deliveries of messages
   * with the same key are made one at a time, in the order they were sent, and a delivery that
   * keeps failing holds back only the ones behind it. {@code null} for none.
   *
   * @return the key, or {@code null}
   */
  public @Nullable String orderingKey() {
    return orderingKey;
  }

  /**
   * The application (one customer of the provider) the message was published to through a
   * {@link dev.hookmesh.platform.WebhookPublisher}, stored with it so that its messages can be
   * found by application; {@code null} for a message sent directly.
   *
   * @return the application's id, or {@code null}
   */
  public @Nullable String application() {
    return application;
  }

  /**
   * The trace the message was sent in, which its attempts continue.
   *
   * @return the context; {@link TraceContext#NONE} when it was sent outside a trace
   */
  public TraceContext traceContext() {
    return traceContext;
  }

  /**
   * This message in another trace.
   *
   * @param context the trace context
   * @return a message like this one with that context, or this message if it has it already
   */
  public WebhookMessage withTraceContext(TraceContext context) {
    if (context.equals(traceContext)) {
      return this;
    }
    return new WebhookMessage(id, eventType, createdAt, payload, body, contentType, orderingKey,
        application, context);
  }

  /**
   * The id, sent as {@code webhook-id} on every attempt; the receiver's idempotency key.
   *
   * @return the id
   */
  public String id() {
    return id;
  }

  /**
   * The event type.
   *
   * @return such as {@code invoice.paid}
   */
  public String eventType() {
    return eventType;
  }

  /**
   * When the message was created.
   *
   * @return the creation time
   */
  public Instant createdAt() {
    return createdAt;
  }

  /**
   * Whether the body bytes are known: built with {@code body(...)}, or {@link #encode encoded}.
   *
   * @return {@code true} if {@link #body()} may be called
   */
  public boolean isEncoded() {
    return body != null;
  }

  /**
   * The exact bytes every attempt sends. Not a copy: do not change it.
   *
   * @return the body
   * @throws IllegalStateException if the payload is an object not yet encoded
   */
  public byte[] body() {
    if (body == null) {
      throw new IllegalStateException("Message " + id + " has a payload object that is not encoded"
          + " yet: send it through a WebhookClient, or call encode(PayloadCodec) first");
    }
    return body;
  }

  /**
   * The body's {@code Content-Type}.
   *
   * @return the content type, {@code application/json} for objects encoded by the default codec
   * @throws IllegalStateException if the payload is an object not yet encoded
   */
  public String contentType() {
    if (contentType == null) {
      throw new IllegalStateException("Message " + id + " is not encoded yet");
    }
    return contentType;
  }

  @Override
  public String toString() {
    String size = body == null ? "payload not encoded" : body.length + " bytes";
    return "WebhookMessage[id=" + id + ", eventType=" + eventType + ", createdAt=" + createdAt
        + ", " + size + (orderingKey == null ? "" : ", ordered") + "]";
  }

  /** Configures a {@link WebhookMessage}. */
  public static final class Builder {

    private final String eventType;
    private @Nullable String id;
    private @Nullable Instant createdAt;
    private @Nullable Object payload;
    private byte @Nullable [] body;
    private String contentType = PayloadCodec.JSON;
    private @Nullable String orderingKey;
    private @Nullable String application;
    private TraceContext traceContext = TraceContext.NONE;

    private Builder(String eventType) {
      Objects.requireNonNull(eventType, "eventType");
      if (eventType.isBlank()) {
        throw new IllegalArgumentException("The event type must not be blank, e.g. invoice.paid");
      }
      this.eventType = eventType;
    }

    /**
     * Sets the id instead of generating one: 1 to {@value #MAX_ID_LENGTH} visible ASCII
     * characters, as it travels in a header.
     *
     * @param id the id
     * @return this builder
     * @throws IllegalArgumentException if the id is empty, too long, or has spaces or
     *     non-ASCII characters
     */
    public Builder id(String id) {
      Objects.requireNonNull(id, "id");
      if (id.isEmpty() || id.length() > MAX_ID_LENGTH) {
        throw new IllegalArgumentException(
            "A message id must have 1 to " + MAX_ID_LENGTH + " characters, not " + id.length());
      }
      for (int i = 0; i < id.length(); i++) {
        char c = id.charAt(i);
        if (c <= ' ' || c >= 127) {
          throw new IllegalArgumentException(
              "A message id must be visible ASCII without spaces; character " + i + " is not");
        }
      }
      this.id = id;
      return this;
    }

    /**
     * The payload object, encoded by the client's {@link PayloadCodec} when sent.
     *
     * @param payload the event object
     * @return this builder
     */
    public Builder payload(Object payload) {
      this.payload = Objects.requireNonNull(payload, "payload");
      this.body = null;
      return this;
    }

    /**
     * The exact body bytes, sent as they are.
     *
     * @param body the bytes, shared and not copied
     * @param contentType their {@code Content-Type}, such as {@code application/json}
     * @return this builder
     * @throws IllegalArgumentException if the content type does not parse
     */
    public Builder body(byte[] body, String contentType) {
      this.body = Objects.requireNonNull(body, "body");
      if (MediaTypes.parse(Objects.requireNonNull(contentType, "contentType")) == null) {
        throw new IllegalArgumentException("Not a content type: " + contentType);
      }
      this.contentType = contentType;
      this.payload = null;
      return this;
    }

    /**
     * Orders this message's deliveries among those of messages with the same key, such as the
     * id of the order or account the event is about: to each endpoint they are made one at a
     * time, in the order they were sent. Unordered by default.
     *
     * @param orderingKey 1 to {@value #MAX_ORDERING_KEY_LENGTH} characters, or {@code null}
     *     for none
     * @return this builder
     * @throws IllegalArgumentException if the key is empty, too long or holds a NUL character
     */
    public Builder orderingKey(@Nullable String orderingKey) {
      if (orderingKey != null && (orderingKey.isEmpty()
          || orderingKey.length() > MAX_ORDERING_KEY_LENGTH || orderingKey.indexOf('\0') >= 0)) {
        throw new IllegalArgumentException("An ordering key must have 1 to "
            + MAX_ORDERING_KEY_LENGTH + " characters and no NUL, such as the id of the order"
            + " the events are about");
      }
      this.orderingKey = orderingKey;
      return this;
    }

    /**
     * The application the message is published to; a {@link dev.hookmesh.platform.WebhookPublisher}
     * sets it.
     *
     * @param application the application's id, or {@code null} for none
     * @return this builder
     */
    public Builder application(@Nullable String application) {
      this.application = application;
      return this;
    }

    /**
     * The trace the message belongs to, which its attempts continue. A client whose
     * {@link dev.hookmesh.delivery.DeliveryObserver} traces sets it on send from the sending
     * thread's trace; set it yourself to continue a trace the observer cannot see. None by
     * default.
     *
     * @param traceContext the context
     * @return this builder
     */
    public Builder traceContext(TraceContext traceContext) {
      this.traceContext = Objects.requireNonNull(traceContext, "traceContext");
      return this;
    }

    /**
     * When the message was created; the system clock's now by default.
     *
     * @param createdAt the creation time
     * @return this builder
     */
    public Builder createdAt(Instant createdAt) {
      this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
      return this;
    }

    /**
     * Builds the message.
     *
     * @return the message
     * @throws IllegalStateException if neither a payload nor a body was given
     */
    public WebhookMessage build() {
      if (payload == null && body == null) {
        throw new IllegalStateException(
            "A message needs a payload(object) or a body(bytes, contentType)");
      }
      Instant created = createdAt != null ? createdAt : Clock.systemUTC().instant();
      return new WebhookMessage(id != null ? id : newId(), eventType, created, payload, body,
          body != null ? contentType : null, orderingKey, application, traceContext);
    }
  }
}
