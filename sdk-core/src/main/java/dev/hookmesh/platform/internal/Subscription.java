package dev.hookmesh.platform.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What an endpoint subscribes to, compiled once: event type names and {@code *} patterns (none
 * for every type), and channels (none for every channel; otherwise a message must be published
 * to at least one of them).
 */
public final class Subscription {

  private final Set<String> exact = new HashSet<>();
  private final List<Pattern> patterns = new ArrayList<>();
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
        List<String> parts = new ArrayList<>();
        for (String part : filter.split("\\*", -1)) {
          parts.add(Pattern.quote(part));
        }
        patterns.add(Pattern.compile(String.join(".*", parts), Pattern.DOTALL));
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
    for (Pattern pattern : patterns) {
      if (pattern.matcher(eventType).matches()) {
        return true;
      }
    }
    return false;
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
