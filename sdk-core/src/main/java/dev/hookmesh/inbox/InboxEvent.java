package dev.hookmesh.inbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A verified webhook as the inbox keeps it: which endpoint received it, its message id and event
 * type, when it arrived, the headers the listeners may read, and the raw body. The inbox keeps
 * one event per endpoint and message id: the same message arriving again is a duplicate.
 *
 * <pre>{@code
 * InboxEvent event = InboxEvent.builder("billing", "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W", body)
 *     .eventType("invoice.paid")
 *     .header("webhook-id", "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W")
 *     .orderingKey("in_1NvYx2")
 *     .build();
 * }</pre>
 *
 * <p>The body array is kept as given, not copied: do not change it after building the event.
 *
 * <p>A message id, event type or ordering key longer than {@value #MAX_LENGTH} characters, or
 * holding a NUL character, which no database column of text can, is kept as {@code sha256:}
 * and the hex SHA-256 of its UTF-8 bytes: stable, so duplicates are still recognised, and
 * always storable, so a sender's odd value never turns into an error it retries forever.
 */
public final class InboxEvent {

  /** The longest message id, event type and ordering key kept as they are. */
  public static final int MAX_LENGTH = 255;

  private final String endpoint;
  private final String messageId;
  private final String eventType;
  private final Instant receivedAt;
  private final Map<String, List<String>> headers;
  private final byte[] body;
  private final @Nullable String orderingKey;

  private InboxEvent(Builder builder) {
    this.endpoint = builder.endpoint;
    this.messageId = builder.messageId;
    this.eventType = builder.eventType;
    this.receivedAt = builder.receivedAt;
    Map<String, List<String>> headers = new LinkedHashMap<>();
    builder.headers.forEach((name, values) -> headers.put(name, List.copyOf(values)));
    this.headers = Collections.unmodifiableMap(headers);
    this.body = builder.body;
    this.orderingKey = builder.orderingKey;
  }

  /**
   * Starts an event.
   *
   * @param endpoint the receiving endpoint's name
   * @param messageId the message's id, unique per endpoint
   * @param body the raw body, as verified
   * @return a new builder
   */
  public static Builder builder(String endpoint, String messageId, byte[] body) {
    return new Builder(endpoint, messageId, body);
  }

  /**
   * The endpoint that received it.
   *
   * @return the endpoint's name
   */
  public String endpoint() {
    return endpoint;
  }

  /**
   * The message id the sender gave it.
   *
   * @return the id
   */
  public String messageId() {
    return messageId;
  }

  /**
   * The event type, such as {@code invoice.paid}; empty if the sender gave none.
   *
   * @return the type
   */
  public String eventType() {
    return eventType;
  }

  /**
   * When it was received.
   *
   * @return the time
   */
  public Instant receivedAt() {
    return receivedAt;
  }

  /**
   * The headers kept with it, as received.
   *
   * @return the headers by name, unmodifiable
   */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /**
   * The raw body.
   *
   * @return the bytes, not a copy
   */
  public byte[] body() {
    return body;
  }

  /**
   * The key that orders it among the endpoint's events: events with the same key are
   * processed one at a time, in the order they arrived.
   *
   * @return the key, or {@code null} if it is processed in no particular order
   */
  public @Nullable String orderingKey() {
    return orderingKey;
  }

  /** Shows no body and no header values, which may be sensitive. */
  @Override
  public String toString() {
    return "InboxEvent[endpoint=" + endpoint + ", messageId=" + messageId + ", eventType="
        + eventType + ", receivedAt=" + receivedAt + ", bytes=" + body.length
        + (orderingKey != null ? ", ordered" : "") + "]";
  }

  /** Configures an {@link InboxEvent}. */
  public static final class Builder {

    private final String endpoint;
    private final String messageId;
    private final byte[] body;
    private String eventType = "";
    private Instant receivedAt = Instant.now();
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private @Nullable String orderingKey;

    private Builder(String endpoint, String messageId, byte[] body) {
      this.endpoint = requireText(endpoint, "endpoint");
      this.messageId = storable(requireText(messageId, "messageId"));
      this.body = Objects.requireNonNull(body, "body");
    }

    private static String storable(String value) {
      if (value.length() <= MAX_LENGTH && value.indexOf('\0') < 0) {
        return value;
      }
      try {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
            .digest(value.getBytes(StandardCharsets.UTF_8)));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("Every Java runtime has SHA-256", e);
      }
    }

    private static String requireText(String value, String name) {
      Objects.requireNonNull(value, name);
      if (value.isBlank()) {
        throw new IllegalArgumentException("An inbox event's " + name + " must not be blank");
      }
      return value;
    }

    /**
     * The event type; empty by default.
     *
     * @param eventType the type
     * @return this builder
     */
    public Builder eventType(String eventType) {
      this.eventType = storable(Objects.requireNonNull(eventType, "eventType"));
      return this;
    }

    /**
     * When it was received; now by default.
     *
     * @param receivedAt the time
     * @return this builder
     */
    public Builder receivedAt(Instant receivedAt) {
      this.receivedAt = Objects.requireNonNull(receivedAt, "receivedAt");
      return this;
    }

    /**
     * Keeps a header with the event.
     *
     * @param name the header name
     * @param value a value; several calls keep several values
     * @return this builder
     */
    public Builder header(String name, String value) {
      headers.computeIfAbsent(Objects.requireNonNull(name, "name"), n -> new ArrayList<>(1))
          .add(Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Keeps headers with the event.
     *
     * @param headers the headers by name
     * @return this builder
     */
    public Builder headers(Map<String, List<String>> headers) {
      headers.forEach((name, values) -> values.forEach(value -> header(name, value)));
      return this;
    }

    /**
     * Orders the event among the endpoint's events with the same key.
     *
     * @param orderingKey the key, or {@code null} for none
     * @return this builder
     */
    public Builder orderingKey(@Nullable String orderingKey) {
      this.orderingKey =
          orderingKey == null || orderingKey.isEmpty() ? null : storable(orderingKey);
      return this;
    }

    /**
     * Builds the event.
     *
     * @return the event
     */
    public InboxEvent build() {
      return new InboxEvent(this);
    }
  }
}
