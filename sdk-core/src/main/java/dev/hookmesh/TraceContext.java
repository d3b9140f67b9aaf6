package dev.hookmesh;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The trace a message was sent in, as the propagation fields that carry a trace from one
 * process to another: W3C {@code traceparent} and {@code tracestate}, or whatever fields the
 * tracer's propagator writes. A {@link WebhookClient} stores it with the message, so the trace
 * survives the queue, a restart and a retry days later; each attempt then continues it.
 * Immutable.
 *
 * <pre>{@code
 * TraceContext context = TraceContext.of(Map.of(
 *     "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
 * }</pre>
 *
 * <p>Names are lower case; values are printable ASCII. {@link #toString()} names the fields and
 * leaves their values out, since {@code baggage} may carry application data.
 */
public final class TraceContext {

  /** No trace: the message was sent outside one, or without a tracer. */
  public static final TraceContext NONE = new TraceContext(Map.of());

  /** The most characters of {@code name: value} lines a context may hold, as it is stored. */
  public static final int MAX_LENGTH = 1024;

  private final Map<String, String> fields;

  private TraceContext(Map<String, String> fields) {
    this.fields = fields;
  }

  /**
   * A context of the given fields, in their order.
   *
   * @param fields the propagation fields, such as {@code traceparent}
   * @return the context; {@link #NONE} for no fields
   * @throws IllegalArgumentException if a name is not an HTTP token, a value holds a line break
   *     or a character outside printable ASCII, or the fields hold more than
   *     {@value #MAX_LENGTH} characters
   */
  public static TraceContext of(Map<String, String> fields) {
    Map<String, String> copy = new LinkedHashMap<>();
    int length = 0;
    for (Map.Entry<String, String> field : fields.entrySet()) {
      String name = field.getKey().toLowerCase(Locale.ROOT);
      String value = Objects.requireNonNull(field.getValue(), "value of " + name);
      String problem = problem(name, value);
      if (problem != null) {
        throw new IllegalArgumentException(problem);
      }
      length += lineLength(name, value);
      copy.put(name, value);
    }
    if (length > MAX_LENGTH) {
      throw new IllegalArgumentException("A trace context holds at most " + MAX_LENGTH
          + " characters, not " + length + "; drop large fields such as baggage");
    }
    return copy.isEmpty() ? NONE : new TraceContext(Collections.unmodifiableMap(copy));
  }

  /**
   * A context of the fields that are well formed and fit, in their order; the rest are left out.
   * For what a tracer hands over, which a send must not fail on.
   *
   * @param fields the propagation fields
   * @return the context
   */
  public static TraceContext fitting(Map<String, String> fields) {
    Map<String, String> kept = new LinkedHashMap<>();
    int length = 0;
    for (Map.Entry<String, String> field : fields.entrySet()) {
      String name = field.getKey().toLowerCase(Locale.ROOT);
      String value = field.getValue();
      if (value == null || problem(name, value) != null
          || length + lineLength(name, value) > MAX_LENGTH) {
        continue;
      }
      length += lineLength(name, value);
      kept.put(name, value);
    }
    return kept.isEmpty() ? NONE : new TraceContext(Collections.unmodifiableMap(kept));
  }

  /**
   * The fields, in order.
   *
   * @return an unmodifiable map from lower-case name to value
   */
  public Map<String, String> fields() {
    return fields;
  }

  /**
   * One field.
   *
   * @param name its name, in any case
   * @return its value, or {@code null} if absent
   */
  public @Nullable String get(String name) {
    return fields.get(name.toLowerCase(Locale.ROOT));
  }

  /**
   * Whether it holds no field.
   *
   * @return {@code true} for {@link #NONE}
   */
  public boolean isEmpty() {
    return fields.isEmpty();
  }

  private static @Nullable String problem(String name, String value) {
    if (name.isEmpty()) {
      return "A trace context field needs a name";
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c <= ' ' || c >= 127 || "\"(),/:;<=>?@[\\]{}".indexOf(c) >= 0) {
        return "A trace context field name must be an HTTP token; '" + name + "' is not";
      }
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < ' ' || c >= 127) {
        return "The value of trace context field '" + name + "' must be printable ASCII;"
            + " character " + i + " is not";
      }
    }
    return null;
  }

  // As stored: "name: value\n".
  private static int lineLength(String name, String value) {
    return name.length() + 2 + value.length() + 1;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof TraceContext that && fields.equals(that.fields);
  }

  @Override
  public int hashCode() {
    return fields.hashCode();
  }

  @Override
  public String toString() {
    return "TraceContext" + fields.keySet();
  }
}
