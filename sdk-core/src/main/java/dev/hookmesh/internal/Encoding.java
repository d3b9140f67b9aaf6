package dev.hookmesh.internal;

import java.util.Arrays;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * Hex and Base64 codecs that answer {@code null} for bad input instead of throwing, since
 * signature headers are attacker-controlled.
 */
public final class Encoding {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Encoding() {}

  /**
   * Lowercase hex.
   *
   * @param bytes the bytes
   * @return two hex digits per byte
   */
  public static String hex(byte[] bytes) {
    char[] out = new char[bytes.length * 2];
    for (int i = 0; i < bytes.length; i++) {
      out[2 * i] = HEX[(bytes[i] >> 4) & 0xF];
      out[2 * i + 1] = HEX[bytes[i] & 0xF];
    }
    return new String(out);
  }

  /**
   * Decodes hex in either case. Only ASCII {@code [0-9a-fA-F]} are digits, as in every
   * reference verifier: {@link Character#digit(char, int)} would also take fullwidth and other
   * scripts' digits.
   *
   * @param text the hex text, or a region of it
   * @param from the first character
   * @param to one past the last character
   * @return the bytes, or {@code null} if the text is not even-length ASCII hex
   */
  public static byte @Nullable [] unhex(String text, int from, int to) {
    int length = to - from;
    if (length <= 0 || (length & 1) != 0) {
      return null;
    }
    byte[] out = new byte[length / 2];
    for (int i = 0; i < out.length; i++) {
      int high = hexDigit(text.charAt(from + 2 * i));
      int low = hexDigit(text.charAt(from + 2 * i + 1));
      if (high < 0 || low < 0) {
        return null;
      }
      out[i] = (byte) ((high << 4) | low);
    }
    return out;
  }

  /**
   * The value of an ASCII hex digit.
   *
   * @param c the character
   * @return 0 to 15, or -1 if {@code c} is not one of {@code [0-9a-fA-F]}
   */
  public static int hexDigit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  /**
   * Standard Base64 with padding.
   *
   * @param bytes the bytes
   * @return the encoded text
   */
  public static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  /**
   * Decodes standard Base64; padding is optional. Reads the characters in place: signature
   * headers are decoded on every request.
   *
   * @param text the encoded text, or a region of it
   * @param from the first character
   * @param to one past the last character
   * @return the bytes, or {@code null} if the text is not Base64
   */
  public static byte @Nullable [] unbase64(String text, int from, int to) {
    int end = to;
    if (end - from >= 2 && text.charAt(end - 1) == '=') {
      end--;
      if (text.charAt(end - 1) == '=') {
        end--;
      }
    }
    int length = end - from;
    if (length <= 0 || length % 4 == 1 || (to != end && (to - from) % 4 != 0)) {
      return null;
    }
    byte[] out = new byte[length * 3 / 4];
    int bits = 0;
    int count = 0;
    int written = 0;
    for (int i = from; i < end; i++) {
      char c = text.charAt(i);
      int value = c < 128 ? BASE64[c] : -1;
      if (value < 0) {
        return null;
      }
      bits = (bits << 6) | value;
      if (++count == 4) {
        out[written++] = (byte) (bits >> 16);
        out[written++] = (byte) (bits >> 8);
        out[written++] = (byte) bits;
        bits = 0;
        count = 0;
      }
    }
    if (count == 3) {
      out[written++] = (byte) (bits >> 10);
      out[written] = (byte) (bits >> 2);
    } else if (count == 2) {
      out[written] = (byte) (bits >> 4);
    }
    return out;
  }

  private static final byte[] BASE64 = base64Table();

  private static byte[] base64Table() {
    byte[] table = new byte[128];
    Arrays.fill(table, (byte) -1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int i = 0; i < alphabet.length(); i++) {
      table[alphabet.charAt(i)] = (byte) i;
    }
    return table;
  }
}
