package dev.hookmesh.test;

import dev.hookmesh.WebhookVerificationException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One request a {@link TestEndpoint} received: its headers and body, whether its signature
 * verified with the endpoint's key (and why not), and what the endpoint answered.
 *
 * @param messageId the {@code webhook-id} (or the scheme's id header), or {@code null}
 * @param eventType the body's {@code type} field, or {@code null} if the body has none
 * @param headers every header, by lowercase name
 * @param body the raw body
 * @param failure why the signature did not verify, or {@code null} if it did
 * @param answered the status answered, or 0 for a reset connection
 * @param attempt which request this was to the endpoint, from 1
 */
public record ReceivedWebhook(@Nullable String messageId, @Nullable String eventType,
    Map<String, List<String>> headers, byte[] body,
    WebhookVerificationException.@Nullable Reason failure, int answered, int attempt) {

  private static final JsonMapper JSON = new JsonMapper();

  /** Copies the components. */
  public ReceivedWebhook {
    headers = Map.copyOf(headers);
    body = body.clone();
  }

  /**
   * Whether the signature verified with the endpoint's key.
   *
   * @return {@code true} if it did
   */
  public boolean verified() {
    return failure == null;
  }

  /**
   * A header's first value.
   *
   * @param name its name, in any case
   * @return the value, or {@code null}
   */
  public @Nullable String header(String name) {
    List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /**
   * The body as UTF-8 text.
   *
   * @return the text
   */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /**
   * The body bound to a type with Jackson.
   *
   * @param <T> the type
   * @param type its class, such as a record of the payload
   * @return the payload
   */
  public <T> T payload(Class<T> type) {
    return JSON.readValue(body, Objects.requireNonNull(type, "type"));
  }

  /**
   * The body as a JSON tree.
   *
   * @return the tree
   */
  public JsonNode json() {
    return JSON.readTree(body);
  }

  @Override
  public byte[] body() {
    return body.clone();
  }

  @Override
  public boolean equals(Object other) {
    return this == other;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }

  @Override
  public String toString() {
    return "ReceivedWebhook[" + messageId + ", " + eventType + ", attempt " + attempt + ", "
        + (failure == null ? "verified" : "not verified: " + failure) + ", answered "
        + (answered == 0 ? "reset" : answered) + "]";
  }
}
