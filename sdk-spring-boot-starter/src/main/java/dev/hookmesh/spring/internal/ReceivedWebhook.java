package dev.hookmesh.spring.internal;

import dev.hookmesh.HeaderLookup;
import dev.hookmesh.WebhookEvent;
import dev.hookmesh.spring.WebhookEndpoint;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** One verified request while it is dispatched: parsed as JSON at most once, on demand. */
final class ReceivedWebhook {

  final WebhookEndpoint endpoint;
  final WebhookEvent event;
  final HeaderLookup headers;
  private final JsonMapper mapper;
  private @Nullable JsonNode tree;
  private @Nullable String eventType;

  ReceivedWebhook(
      WebhookEndpoint endpoint, WebhookEvent event, HeaderLookup headers, JsonMapper mapper) {
    this.endpoint = endpoint;
    this.event = event;
    this.headers = headers;
    this.mapper = mapper;
  }

  /**
   * The body as a JSON tree.
   *
   * @throws NotJsonException if the body does not parse
   */
  JsonNode json() {
    JsonNode parsed = tree;
    if (parsed == null) {
      try {
        parsed = mapper.readTree(event.body());
      } catch (JacksonException e) {
        throw new NotJsonException(e);
      }
      if (parsed == null || parsed.isMissingNode()) {
        throw new NotJsonException(null);
      }
      tree = parsed;
    }
    return parsed;
  }

  JsonMapper mapper() {
    return mapper;
  }

  /** The event type from the endpoint's sources, or "" when none gives one. */
  String eventType() {
    String type = eventType;
    if (type == null) {
      type = "";
      for (String source : endpoint.eventTypeSources()) {
        String value = source.startsWith("/") ? textAt(source) : first(source);
        if (value != null && !value.isEmpty()) {
          type = value;
          break;
        }
      }
      eventType = type;
    }
    return type;
  }

  /** The message id for deduplication: the header id, else the body's id or event_id. */
  @Nullable String messageId() {
    String id = event.id();
    if (id != null) {
      return id;
    }
    // Stripe ("id": "evt_...") and Slack ("event_id": "Ev...") carry the id in the body.
    String fromBody = textAt("/id");
    return fromBody != null ? fromBody : textAt("/event_id");
  }

  @Nullable String first(String header) {
    var values = headers.values(header);
    return values.isEmpty() ? null : values.get(0);
  }

  private @Nullable String textAt(String pointer) {
    JsonNode node = json().at(pointer);
    return node.isString() || node.isNumber() ? node.asString() : null;
  }

  /** The verified body is not JSON, though something needed it to be. */
  static final class NotJsonException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotJsonException(@Nullable Throwable cause) {
      super("The body is not a JSON document", cause, false, false);
    }
  }
}
