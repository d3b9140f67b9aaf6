package dev.hookmesh.spring.internal;

import dev.hookmesh.HeaderLookup;
import dev.hookmesh.WebhookEvent;
import dev.hookmesh.spring.WebhookEndpoint;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One verified request while it is dispatched. The body is read only for what needs it, and
 * at most once for each purpose: as a tree when a listener takes a {@code JsonNode}, in one
 * streaming pass for the event type and message id otherwise, and bound straight from the
 * bytes for a listener's payload.
 */
final class ReceivedWebhook {

  final WebhookEndpoint endpoint;
  final WebhookEvent event;
  final HeaderLookup headers;
  private final EndpointListeners plan;
  private final JsonMapper mapper;
  private @Nullable JsonNode tree;
  private @Nullable String @Nullable [] fields;
  private @Nullable String eventType;
  private @Nullable JavaType boundType;
  private @Nullable Object bound;
  private @Nullable DatabindException bindFailure;

  ReceivedWebhook(EndpointListeners plan, WebhookEvent event, HeaderLookup headers,
      JsonMapper mapper) {
    this.endpoint = plan.endpoint();
    this.plan = plan;
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

  /**
   * Checks, before any listener runs, that the body is JSON if one of them needs it, so that a
   * body that is not is the sender's fault (400) rather than a listener's failure (500). Binds
   * the first payload on the way, which a payload listener then takes.
   *
   * @param matching the listeners about to be called
   * @throws NotJsonException if one of them needs JSON and the body is not
   */
  void checkJson(List<ListenerMethod> matching) {
    JavaType firstPayload = null;
    for (ListenerMethod listener : matching) {
      if (listener.needsTree()) {
        json();
        return;
      }
      if (firstPayload == null) {
        firstPayload = listener.payloadType();
      }
    }
    if (firstPayload != null && tree == null) {
      try {
        bound = mapper.readValue(event.body(), firstPayload);
      } catch (DatabindException e) {
        // Valid JSON of the wrong shape is the listener's failure, reported when it is called;
        // a body that is not JSON at all (empty, or broken after the bad value) is refused now.
        JsonFields.read(mapper, event.body(), List.of());
        bindFailure = e;
      } catch (JacksonException e) {
        throw new NotJsonException(e);
      }
      boundType = firstPayload;
    }
  }

  /**
   * The body bound to a listener's payload type: from the tree if there is one, else straight
   * from the bytes. Each call gives a new object, as each listener may change its own.
   */
  @Nullable Object payload(JavaType type) {
    if (type.equals(boundType)) {
      Object value = bound;
      DatabindException failure = bindFailure;
      boundType = null;
      bound = null;
      bindFailure = null;
      if (failure != null) {
        throw failure;
      }
      return value;
    }
    JsonNode parsed = tree;
    return parsed != null ? mapper.treeToValue(parsed, type) : mapper.readValue(event.body(), type);
  }

  /**
   * The event type from the endpoint's sources, or "" when none gives one.
   *
   * @throws NotJsonException if a JSON pointer source is reached and the body is not JSON
   */
  String eventType() {
    String type = eventType;
    if (type == null) {
      type = "";
      List<String> names = endpoint.eventTypeSources();
      List<@Nullable JsonPointer> sources = plan.sources();
      int field = 0;
      for (int i = 0; i < sources.size(); i++) {
        String value = sources.get(i) != null ? bodyField(field++) : first(names.get(i));
        if (value != null && !value.isEmpty()) {
          type = value;
          break;
        }
      }
      eventType = type;
    }
    return type;
  }

  /** Whether {@link #eventType()} was read already. */
  boolean eventTypeRead() {
    return eventType != null;
  }

  /** The message id for deduplication: the header id, else the body's id or event_id. */
  @Nullable String messageId() {
    String id = event.id();
    if (id != null) {
      return id;
    }
    // Stripe ("id": "evt_...") and Slack ("event_id": "Ev...") carry the id in the body.
    String fromBody = bodyField(plan.fields().id());
    return fromBody != null ? fromBody : bodyField(plan.fields().eventId());
  }

  /**
   * The challenge of a Slack {@code url_verification} request, which Slack sends when an
   * Events API URL is configured and expects echoed back.
   *
   * @return the challenge, or {@code null} if this is no such request (also when the body is
   *     not JSON: Slack's slash commands and interactions are form-encoded)
   */
  @Nullable String slackChallenge() {
    try {
      if (!"url_verification".equals(bodyField(plan.fields().slackType()))) {
        return null;
      }
      String challenge = bodyField(plan.fields().challenge());
      return challenge == null || challenge.isEmpty() ? null : challenge;
    } catch (NotJsonException e) {
      return null;
    }
  }

  /**
   * The value at the endpoint's ordering key, for inbox processing.
   *
   * @return the text or number there, or {@code null} if the endpoint has no ordering key, the
   *     body none there, or the body is not JSON
   */
  @Nullable String orderingKey() {
    int field = plan.fields().orderingKey();
    if (field < 0) {
      return null;
    }
    try {
      return bodyField(field);
    } catch (NotJsonException e) {
      return null;
    }
  }

  @Nullable String first(String header) {
    var values = headers.values(header);
    return values.isEmpty() ? null : values.get(0);
  }

  JsonMapper mapper() {
    return mapper;
  }

  /**
   * The text at one of the endpoint's {@link EndpointListeners#bodyPointers()}: from the tree when there is one or a
   * listener of the endpoint will want one anyway, else from one streaming pass over the body
   * that reads every such pointer at once.
   */
  private @Nullable String bodyField(int index) {
    if (tree != null || plan.anyTree()) {
      JsonNode node = json().at(plan.bodyPointers().get(index));
      return node.isString() || node.isNumber() ? node.asString() : null;
    }
    @Nullable String[] values = fields;
    if (values == null) {
      values = JsonFields.read(mapper, event.body(), plan.bodyPointers());
      fields = values;
    }
    return values[index];
  }

  /** The verified body is not JSON, though something needed it to be. */
  static final class NotJsonException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotJsonException(@Nullable Throwable cause) {
      super("The body is not a JSON document", cause, false, false);
    }
  }
}
