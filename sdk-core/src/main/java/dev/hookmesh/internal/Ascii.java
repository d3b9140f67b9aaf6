package dev.hookmesh.internal;

/**
 * Text rules for what arrives in HTTP headers, which are ASCII by protocol. Java's own
 * {@code strip()}, {@code equalsIgnoreCase} and {@code Character.digit} follow Unicode, so they
 * would take a fullwidth digit, a Unicode space or {@code ſ} (which upper-cases to {@code S})
 * where every reference implementation refuses them.
 */
public final class Ascii {

  private Ascii() {}

  /**
   * Trims HTTP's optional whitespace, spaces and tabs, from both ends.
   *
   * @param value a header value
   * @return the value without leading or trailing spaces and tabs
   */
  public static String trimWhitespace(String value) {
    int from = 0;
    int to = value.length();
    while (from < to && isWhitespace(value.charAt(from))) {
      from++;
    }
    while (to > from && isWhitespace(value.charAt(to - 1))) {
      to--;
    }
    return from == 0 && to == value.length() ? value : value.substring(from, to);
  }

  private static boolean isWhitespace(char c) {
    return c == ' ' || c == '\t';
  }

  /**
   * Whether two strings are equal when only ASCII letters are compared without case.
   *
   * @param a one string
   * @param b the other
   * @return {@code true} if they are
   */
  public static boolean equalsIgnoreCase(String a, String b) {
    return a.length() == b.length() && regionMatchesIgnoreCase(a, b);
  }

  /**
   * Whether {@code value} starts with {@code prefix}, comparing ASCII letters without case.
   *
   * @param value the text
   * @param prefix the prefix
   * @return {@code true} if it does
   */
  public static boolean startsWithIgnoreCase(String value, String prefix) {
    return value.length() >= prefix.length() && regionMatchesIgnoreCase(value, prefix);
  }

  // Compares prefix.length() characters from the start of each.
  private static boolean regionMatchesIgnoreCase(String value, String prefix) {
    for (int i = 0; i < prefix.length(); i++) {
      char a = value.charAt(i);
      char b = prefix.charAt(i);
      if (a != b && lower(a) != lower(b)) {
        return false;
      }
    }
    return true;
  }

  private static char lower(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
  }
}
