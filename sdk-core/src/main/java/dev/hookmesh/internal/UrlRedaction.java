package dev.hookmesh.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import okhttp3.HttpUrl;

/**
 * Keeps the credentials a webhook URL may carry (user info, a token in the query, anything in
 * the fragment) out of everything Hookmesh shows or stores as an id: messages, {@code toString()},
 * default endpoint ids. The rule, stated once in {@code docs/security.md}: scheme, host, port and
 * path are shown; user info, query and fragment never are.
 */
public final class UrlRedaction {

  /** Hex digits of the digest in a derived endpoint id: 48 bits, stable and short. */
  private static final int DIGEST_HEX_DIGITS = 12;
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private UrlRedaction() {}

  /**
   * Whether a URL carries a part that may be a credential.
   *
   * @param url the URL
   * @return {@code true} if it has user info, a query or a fragment
   */
  public static boolean hasCredentials(HttpUrl url) {
    return !url.encodedUsername().isEmpty() || !url.encodedPassword().isEmpty()
        || url.encodedQuery() != null || url.encodedFragment() != null;
  }

  /**
   * A URL as it may be shown: scheme, host, port and path.
   *
   * @param url the URL
   * @return the URL without user info, query or fragment
   */
  public static String shown(HttpUrl url) {
    if (!hasCredentials(url)) {
      return url.toString();
    }
    return url.newBuilder().username("").password("").query(null).fragment(null).build().toString();
  }

  /**
   * A URL as it may be shown, from text that may not even parse: user info becomes
   * {@code ***@}, and the query and fragment {@code ?***}.
   *
   * @param text what a user passed as a URL
   * @return the text with anything that may be a credential replaced
   */
  public static String shown(String text) {
    int schemeEnd = text.indexOf("://");
    int authority = schemeEnd < 0 ? 0 : schemeEnd + 3;
    int end = text.length();
    for (int i = authority; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '/' || c == '?' || c == '#' || c == '\\') {
        end = i;
        break;
      }
    }
    int at = text.lastIndexOf('@', end - 1);
    StringBuilder shown = new StringBuilder(text.length());
    if (at >= authority) {
      shown.append(text, 0, authority).append("***@").append(text, at + 1, text.length());
    } else {
      shown.append(text);
    }
    int rest = firstOf(shown, '?', '#');
    if (rest >= 0) {
      shown.setLength(rest);
      shown.append("?***");
    }
    return shown.toString();
  }

  private static int firstOf(CharSequence text, char a, char b) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == a || text.charAt(i) == b) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The id an endpoint gets when none is given. A URL without credentials is its own id, as it
   * always was. One with user info, a query or a fragment gets its shown form plus
   * {@code #} and a 12-hex-digit SHA-256 digest of the whole URL: stable for the same URL, so a
   * restart finds its deliveries, and different for URLs that differ only in a token.
   *
   * @param url the endpoint's URL
   * @return the id
   */
  public static String endpointId(HttpUrl url) {
    String full = url.toString();
    if (!hasCredentials(url)) {
      return full;
    }
    byte[] digest = sha256(full.getBytes(StandardCharsets.UTF_8));
    StringBuilder id = new StringBuilder(shown(url)).append('#');
    for (int i = 0; i < DIGEST_HEX_DIGITS / 2; i++) {
      id.append(HEX[(digest[i] >> 4) & 0xF]).append(HEX[digest[i] & 0xF]);
    }
    return id.toString();
  }

  /**
   * Whether a stored endpoint id is a URL with credentials that an earlier version took as the
   * default id: a URL with user info or a query, or with a fragment that is not the digest
   * {@link #endpointId} appends.
   *
   * @param id a stored endpoint id
   * @return {@code true} if {@link #endpointId} would rewrite it
   */
  public static boolean isCredentialedUrlId(String id) {
    HttpUrl url = HttpUrl.parse(id);
    if (url == null || !url.toString().equals(id) || !hasCredentials(url)) {
      return false;
    }
    String fragment = url.encodedFragment();
    boolean derived = fragment != null && url.encodedQuery() == null
        && url.encodedUsername().isEmpty() && url.encodedPassword().isEmpty()
        && fragment.length() == DIGEST_HEX_DIGITS && fragment.chars().allMatch(
            c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f');
    return !derived;
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java runtime has SHA-256", e);
    }
  }
}
