package dev.hookmesh.platform.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What an endpoint subscribes to, compiled once: event type names and {@code *} patterns (none
 * for every type), and channels (none for every channel; otherwise a message must be published
 * to at least one of them).
 */
public final class Subscription {

  private final Set<String> exact = new HashSet<>();
  /** Each pattern's literal parts, between its {@code *}s. */
  private final List<String[]> patterns = new ArrayList<>();
  private final boolean everyType;
  private final Set<String> channels;

  /**
   * Compiles filters and channels.
   *
   * @param filters event type names and patterns
   * @param channels channel names
   */
  public Subscription(List<String> filters, Set<String> channels) {
    boolean every = filters.isEmpty();
    for (String filter : filters) {
      if (filter.equals("*")) {
        every = true;
      } else if (filter.indexOf('*') < 0) {
        exact.add(filter);
      } else {
        patterns.add(filter.split("\\*", -1));
      }
    }
    this.everyType = every;
    this.channels = Set.copyOf(channels);
  }

  /**
   * Whether a message of an event type, published to channels, reaches the endpoint.
   *
   * @param eventType the message's event type
   * @param messageChannels the channels it was published to
   * @return {@code true} if it matches
   */
  public boolean matches(String eventType, Set<String> messageChannels) {
    return matchesType(eventType) && matchesChannels(messageChannels);
  }

  private boolean matchesType(String eventType) {
    if (everyType || exact.contains(eventType)) {
      return true;
    }
    for (String[] parts : patterns) {
      if (glob(parts, eventType)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code text} is the parts in order with anything (dots too) between them. */
  private static boolean glob(String[] parts, String text) {
    String first = parts[0];
    String last = parts[parts.length - 1];
    if (text.length() < first.length() + last.length()
        || !text.startsWith(first) || !text.endsWith(last)) {
      return false;
    }
    int from = first.length();
    int end = text.length() - last.length();
    for (int i = 1; i < parts.length - 1; i++) {
      int at = text.indexOf(parts[i], from);
      if (at < 0 || at + parts[i].length() > end) {
        return false;
      }
      from = at + parts[i].length();
    }
    return true;
  }

  private boolean matchesChannels(Set<String> messageChannels) {
    if (channels.isEmpty()) {
      return true;
    }
    for (String channel : messageChannels) {
      if (channels.contains(channel)) {
        return true;
      }
    }
    return false;
  }
}
