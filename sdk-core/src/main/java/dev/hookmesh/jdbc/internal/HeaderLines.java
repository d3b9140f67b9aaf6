package dev.hookmesh.jdbc.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Headers stored as {@code name: value} lines, which header values cannot break. */
public final class HeaderLines {

  private HeaderLines() {}

  /** The headers as lines, a value per line; line breaks inside values become spaces. */
  public static String format(Map<String, List<String>> headers) {
    StringBuilder lines = new StringBuilder();
    headers.forEach((name, values) -> values.forEach(value ->
        lines.append(name).append(": ").append(value.replace('\n', ' ').replace('\r', ' '))
            .append('\n')));
    return lines.toString();
  }

  /** Reads what {@link #format} wrote. */
  public static Map<String, List<String>> parse(String lines) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String line : lines.split("\n")) {
      int colon = line.indexOf(": ");
      if (colon > 0) {
        headers.computeIfAbsent(line.substring(0, colon), name -> new ArrayList<>())
            .add(line.substring(colon + 2));
      }
    }
    return headers;
  }
}
