package dev.hookmesh;

import dev.hookmesh.internal.Ascii;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Read access to the headers of a received request, matched case-insensitively, as the
 * verifier needs them. Adapt whatever your framework gives you:
 *
 * <pre>{@code
 * HeaderLookup.of(Map.of("webhook-id", "msg_1", ...));          // Map<String, String>
 * HeaderLookup.of(httpHeaders);                                   // Map<String, List<String>>
 * HeaderLookup.ofSingleValued(servletRequest::getHeader);        // a name -> value function
 * }</pre>
 */
@FunctionalInterface
public interface HeaderLookup {

  /**
   * All values of a header, in the order received.
   *
   * @param name the header name; implementations must match it case-insensitively
   * @return the values, or an empty list when the header is absent
   */
  List<String> values(String name);

  /**
   * Adapts a map whose values are {@code String}s, {@code String[]}s or collections of
   * {@code String}s, such as {@code Map<String, String>} or {@code Map<String, List<String>>}.
   * Names are matched case-insensitively without copying the map.
   *
   * @param headers the headers; not copied, so later changes are seen
   * @return a lookup over the map
   */
  static HeaderLookup of(Map<String, ?> headers) {
    Objects.requireNonNull(headers, "headers");
    return name -> {
      Object value = headers.get(name);
      if (value == null) {
        for (Map.Entry<String, ?> entry : headers.entrySet()) {
          if (Ascii.equalsIgnoreCase(name, entry.getKey())) {
            value = entry.getValue();
            break;
          }
        }
      }
      return asList(value);
    };
  }

  /**
   * Adapts a function that returns one value per header name, or {@code null} when absent,
   * such as {@code HttpServletRequest::getHeader}. The function must match case-insensitively.
   *
   * @param lookup the function
   * @return a lookup over the function
   */
  static HeaderLookup ofSingleValued(Function<String, @Nullable String> lookup) {
    Objects.requireNonNull(lookup, "lookup");
    return name -> {
      String value = lookup.apply(name);
      return value == null ? List.of() : List.of(value);
    };
  }

  private static List<String> asList(@Nullable Object value) {
    if (value == null) {
      return List.of();
    }
    if (value instanceof String string) {
      return List.of(string);
    }
    if (value instanceof String[] array) {
      return Arrays.asList(array);
    }
    if (value instanceof Collection<?> collection) {
      List<String> values = new ArrayList<>(collection.size());
      for (Object element : collection) {
        if (element != null) {
          values.add(element.toString());
        }
      }
      return values;
    }
    return List.of(value.toString());
  }
}
