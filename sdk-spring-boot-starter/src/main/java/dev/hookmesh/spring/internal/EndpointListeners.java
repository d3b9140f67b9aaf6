package dev.hookmesh.spring.internal;

import dev.hookmesh.spring.WebhookEndpoint;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonPointer;

/**
 * One endpoint's listeners, and what receiving on it needs from each request, worked out once
 * instead of per request: whether any listener filters by event type, whether any takes the
 * body as a tree, and the event type's JSON pointers, compiled.
 */
final class EndpointListeners {

  /**
   * Where each field a request may need sits in {@link #bodyPointers()}, which are read in one
   * pass: the event type's pointers first, then where Stripe ({@code /id}) and Slack
   * ({@code /event_id}) put the message id, Slack's request type and the challenge of its
   * {@code url_verification} request, and the endpoint's ordering key.
   *
   * @param id the index of {@code /id}
   * @param eventId the index of {@code /event_id}
   * @param slackType the index of {@code /type}, Slack's request type
   * @param challenge the index of {@code /challenge}
   * @param orderingKey the index of the ordering key's pointer, or -1 if the endpoint has none
   */
  record Fields(int id, int eventId, int slackType, int challenge, int orderingKey) {}

  private final WebhookEndpoint endpoint;
  private final List<ListenerMethod> listeners;
  private final boolean filtering;
  private final boolean anyTree;
  private final List<@Nullable JsonPointer> sources;
  private final List<JsonPointer> bodyPointers;
  private final Fields fields;

  /**
   * Prepares an endpoint.
   *
   * @param endpoint the endpoint
   * @param all every listener, in call order
   * @throws IllegalArgumentException if an event type source is not a valid JSON pointer
   */
  EndpointListeners(WebhookEndpoint endpoint, List<ListenerMethod> all) {
    this.endpoint = endpoint;
    List<ListenerMethod> mine = new ArrayList<>();
    boolean filters = false;
    boolean tree = false;
    for (ListenerMethod listener : all) {
      if (listener.endpoint().equals(endpoint.name())) {
        mine.add(listener);
        filters |= !listener.matchesAll();
        tree |= listener.needsTree();
      }
    }
    this.listeners = List.copyOf(mine);
    this.filtering = filters;
    this.anyTree = tree;
    List<@Nullable JsonPointer> compiled = new ArrayList<>();
    List<JsonPointer> pointers = new ArrayList<>();
    for (String source : endpoint.eventTypeSources()) {
      JsonPointer pointer = source.startsWith("/") ? JsonPointer.compile(source) : null;
      compiled.add(pointer);
      if (pointer != null) {
        pointers.add(pointer);
      }
    }
    int id = add(pointers, "/id");
    int eventId = add(pointers, "/event_id");
    int slackType = add(pointers, "/type");
    int challenge = add(pointers, "/challenge");
    String orderingKey = orderingKey(endpoint, mine);
    this.fields = new Fields(id, eventId, slackType, challenge,
        orderingKey == null ? -1 : add(pointers, orderingKey));
    this.sources = compiled;
    this.bodyPointers = List.copyOf(pointers);
  }

  /**
   * The endpoint's ordering key, or else the one its listeners name; the listener processor
   * made sure at start-up that they agree.
   */
  static @Nullable String orderingKey(WebhookEndpoint endpoint, List<ListenerMethod> listeners) {
    if (endpoint.orderingKey() != null) {
      return endpoint.orderingKey();
    }
    for (ListenerMethod listener : listeners) {
      if (listener.orderingKey() != null) {
        return listener.orderingKey();
      }
    }
    return null;
  }

  private static int add(List<JsonPointer> pointers, String pointer) {
    pointers.add(JsonPointer.compile(pointer));
    return pointers.size() - 1;
  }

  WebhookEndpoint endpoint() {
    return endpoint;
  }

  /** The endpoint's listeners, in call order. */
  List<ListenerMethod> all() {
    return listeners;
  }

  /** Whether some listener handles only some event types, so the type must be read. */
  boolean filtering() {
    return filtering;
  }

  /** Whether some listener takes the body as a {@code JsonNode}. */
  boolean anyTree() {
    return anyTree;
  }

  /**
   * The event type sources in order: a compiled pointer, or {@code null} where the source is a
   * header named by the endpoint's source at the same position.
   */
  List<@Nullable JsonPointer> sources() {
    return sources;
  }

  /**
   * Every pointer a request may need from the body, read in one pass: the event type's, in
   * the order of {@link #sources()}, then the others, where {@link #fields()} says.
   */
  List<JsonPointer> bodyPointers() {
    return bodyPointers;
  }

  /** Where the fields past the event type's sit in {@link #bodyPointers()}. */
  Fields fields() {
    return fields;
  }

  /** The listeners for an event type, in call order. */
  List<ListenerMethod> matching(String eventType) {
    if (!filtering) {
      return listeners;
    }
    List<ListenerMethod> matching = new ArrayList<>(2);
    for (ListenerMethod listener : listeners) {
      if (listener.matches(eventType)) {
        matching.add(listener);
      }
    }
    return matching;
  }
}
