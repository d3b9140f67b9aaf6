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
   * What else a request may need from the body, after the event type's pointers: where Stripe
   * ({@code id}) and Slack ({@code event_id}) put the message id, then Slack's request type and
   * the challenge of its {@code url_verification} request.
   */
  static final List<String> EXTRA_POINTERS = List.of("/id", "/event_id", "/type", "/challenge");

  /** The index of {@code /id} in {@link #bodyPointers()} is its size less this. */
  static final int ID_FROM_END = 4;

  /** The index of {@code /type} (Slack's request type) is the size less this. */
  static final int TYPE_FROM_END = 2;

  private final WebhookEndpoint endpoint;
  private final List<ListenerMethod> listeners;
  private final boolean filtering;
  private final boolean anyTree;
  private final List<@Nullable JsonPointer> sources;
  private final List<JsonPointer> bodyPointers;

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
    for (String extra : EXTRA_POINTERS) {
      pointers.add(JsonPointer.compile(extra));
    }
    this.sources = compiled;
    this.bodyPointers = List.copyOf(pointers);
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
   * the order of {@link #sources()}, then {@link #EXTRA_POINTERS}.
   */
  List<JsonPointer> bodyPointers() {
    return bodyPointers;
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
