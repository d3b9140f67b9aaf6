package dev.hookmesh.platform.internal;

import dev.hookmesh.platform.PlatformException.Reason;
import dev.hookmesh.platform.PlatformException;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The shapes the platform's ids, names and labels must have, checked where a value enters: ids
 * travel in URLs, names in headers and queries, so each is a short run of safe characters.
 */
public final class Checks {

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}");
  private static final Pattern EVENT_TYPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:/-]{0,127}");
  private static final Pattern FILTER = Pattern.compile("[A-Za-z0-9_.:/*-]{1,128}");
  private static final Pattern CHANNEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}");
  private static final Pattern METADATA_KEY = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
  private static final Pattern HEADER = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}");
  private static final Set<String> RESERVED_HEADERS = Set.of("content-type", "content-length",
      "host", "user-agent", "connection", "transfer-encoding", "authorization-signature");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] BASE32 = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();

  /** The most metadata entries a value carries. */
  public static final int MAX_METADATA = 64;
  /** The longest description accepted, in characters. */
  public static final int MAX_DESCRIPTION = 2_000;

  private Checks() {}

  /** A new id: the prefix, an underscore and 26 random base32 characters (130 bits). */
  public static String newId(String prefix) {
    byte[] random = new byte[26];
    RANDOM.nextBytes(random);
    char[] id = new char[prefix.length() + 27];
    prefix.getChars(0, prefix.length(), id, 0);
    id[prefix.length()] = '_';
    for (int i = 0; i < random.length; i++) {
      id[prefix.length() + 1 + i] = BASE32[random[i] & 31];
    }
    return new String(id);
  }

  /** An application's or endpoint's id, as given by the provider. */
  public static String id(String what, String id) {
    if (!ID.matcher(id).matches()) {
      throw invalid("The " + what + " id '" + shown(id) + "' is not valid: use 1 to 64 letters,"
          + " digits and _ . : -, starting with a letter or digit, such as cust_42");
    }
    return id;
  }

  /** An event type's name. */
  public static String eventType(String name) {
    if (!EVENT_TYPE.matcher(name).matches()) {
      throw invalid("The event type '" + shown(name) + "' is not valid: use 1 to 128 letters,"
          + " digits and _ . : / -, such as invoice.paid");
    }
    return name;
  }

  /** An endpoint's event type filter: a name, or a pattern with {@code *}. */
  public static String filter(String filter) {
    if (!FILTER.matcher(filter).matches()) {
      throw invalid("The event type filter '" + shown(filter) + "' is not valid: use an event"
          + " type such as invoice.paid, or a pattern such as invoice.* or *");
    }
    return filter;
  }

  /** A channel name. */
  public static String channel(String channel) {
    if (!CHANNEL.matcher(channel).matches()) {
      throw invalid("The channel '" + shown(channel) + "' is not valid: use 1 to 128 letters,"
          + " digits and _ . : -, such as eu or project-42");
    }
    return channel;
  }

  /** A description: at most {@value #MAX_DESCRIPTION} characters. */
  public static String description(String description) {
    if (description.length() > MAX_DESCRIPTION) {
      throw invalid("A description has at most " + MAX_DESCRIPTION + " characters, not "
          + description.length());
    }
    return description;
  }

  /** Metadata: at most {@value #MAX_METADATA} labels, short keys, values up to 1,000 characters. */
  public static Map<String, String> metadata(Map<String, String> metadata) {
    if (metadata.size() > MAX_METADATA) {
      throw invalid("Metadata holds at most " + MAX_METADATA + " entries, not " + metadata.size());
    }
    Map<String, String> checked = new LinkedHashMap<>();
    metadata.forEach((key, value) -> {
      if (!METADATA_KEY.matcher(key).matches()) {
        throw invalid("The metadata key '" + shown(key) + "' is not valid: use 1 to 64 letters,"
            + " digits and _ . : -");
      }
      if (value.length() > 1_000) {
        throw invalid("The metadata value of '" + key + "' is longer than 1,000 characters");
      }
      checked.put(key, value);
    });
    return checked;
  }

  /**
   * A header an endpoint's requests carry: a token name that is not one Hookmesh sets itself
   * or a signature header, and a value without line breaks.
   */
  public static void header(String name, String value) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (!HEADER.matcher(name).matches()) {
      throw invalid("The header name '" + shown(name) + "' is not a valid HTTP header name");
    }
    if (RESERVED_HEADERS.contains(lower) || lower.startsWith("webhook-")
        || lower.startsWith("svix-")) {
      throw invalid("The header '" + name + "' is set by Hookmesh on every request and cannot be"
          + " configured on an endpoint");
    }
    if (value.length() > 1_000 || value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
      throw invalid("The value of the header '" + name + "' must be at most 1,000 characters"
          + " without line breaks");
    }
  }

  /** A rate limit: at least 1 per second. */
  public static int rateLimit(int perSecond) {
    if (perSecond < 1) {
      throw invalid("A rate limit is at least 1 request per second, not " + perSecond);
    }
    return perSecond;
  }

  /** An {@link Reason#INVALID} exception. */
  public static PlatformException invalid(String message) {
    return new PlatformException(Reason.INVALID, message);
  }

  /** A value for a message: shortened, and with control characters shown as {@code ?}. */
  public static String shown(String value) {
    String cut = value.length() > 80 ? value.substring(0, 80) + "..." : value;
    StringBuilder shown = new StringBuilder(cut.length());
    for (int i = 0; i < cut.length(); i++) {
      char c = cut.charAt(i);
      shown.append(c < ' ' || c == 127 ? '?' : c);
    }
    return shown.toString();
  }
}
