package dev.hookmesh.signature;

import static dev.hookmesh.WebhookVerificationException.Reason.MALFORMED_HEADER;
import static dev.hookmesh.WebhookVerificationException.Reason.MISSING_HEADER;
import static dev.hookmesh.WebhookVerificationException.Reason.NO_MATCHING_SIGNATURE;
import static dev.hookmesh.WebhookVerificationException.Reason.TIMESTAMP_TOO_NEW;
import static dev.hookmesh.WebhookVerificationException.Reason.TIMESTAMP_TOO_OLD;

import dev.hookmesh.HeaderLookup;
import dev.hookmesh.WebhookVerificationException;
import dev.hookmesh.internal.Ascii;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The steps every built-in scheme shares: reading headers within limits, parsing and checking
 * timestamps, and matching candidate signatures against keys in constant time.
 */
final class Verification {

  /** Seconds of a 13-digit timestamp: someone sent milliseconds. */
  private static final long MILLISECONDS_THRESHOLD = 100_000_000_000L;
  /** 18 digits always fit in a long. */
  private static final int MAX_TIMESTAMP_DIGITS = 18;

  private Verification() {}

  /** The value of the first of {@code names} that is present; fails if none is. */
  static String required(HeaderLookup headers, VerificationContext context, String... names) {
    String value = optional(headers, context, names);
    if (value == null) {
      throw new WebhookVerificationException(
          MISSING_HEADER,
          "The " + names[0] + " header is missing: the request was not signed with this scheme, "
              + "or a proxy dropped the header");
    }
    return value;
  }

  /**
   * The value of the first of {@code names} that is present, or {@code null}. A header sent
   * twice with different values is malformed: which one was signed is ambiguous.
   */
  static @Nullable String optional(HeaderLookup headers, VerificationContext context, String... names) {
    for (String name : names) {
      List<String> values = headers.values(name);
      if (values.isEmpty()) {
        continue;
      }
      String value = values.get(0);
      for (int i = 1; i < values.size(); i++) {
        if (!value.equals(values.get(i))) {
          throw malformed("The " + name + " header was sent " + values.size()
              + " times with different values; send it once");
        }
      }
      checkLength(name, value, context);
      String trimmed = Ascii.trimWhitespace(value);
      if (trimmed.isEmpty()) {
        throw malformed("The " + name + " header is empty");
      }
      return trimmed;
    }
    return null;
  }

  /** All values of the first present name, joined by a space, as lists of signatures are. */
  static String joined(HeaderLookup headers, VerificationContext context, String... names) {
    for (String name : names) {
      List<String> values = headers.values(name);
      if (values.isEmpty()) {
        continue;
      }
      String value = values.size() == 1 ? values.get(0) : String.join(" ", values);
      checkLength(name, value, context);
      if (Ascii.trimWhitespace(value).isEmpty()) {
        throw malformed("The " + name + " header is empty");
      }
      return value;
    }
    throw new WebhookVerificationException(
        MISSING_HEADER,
        "The " + names[0] + " header is missing: the request was not signed with this scheme, "
            + "or a proxy dropped the header");
  }

  private static void checkLength(String name, String value, VerificationContext context) {
    if (value.length() > context.maxHeaderLength()) {
      throw malformed("The " + name + " header is " + value.length()
          + " characters long; at most " + context.maxHeaderLength() + " are accepted");
    }
  }

  /** Parses a Unix timestamp in seconds: digits only, no sign, no overflow. */
  static long timestamp(String value, String header) {
    int length = value.length();
    if (length == 0 || length > MAX_TIMESTAMP_DIGITS) {
      throw malformed("The " + header + " header must be a Unix timestamp in seconds, "
          + "such as 1614265330");
    }
    long seconds = 0;
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        throw malformed("The " + header + " header must be a Unix timestamp in seconds, "
            + "such as 1614265330");
      }
      seconds = seconds * 10 + (c - '0');
    }
    return seconds;
  }

  /** Checks that a timestamp lies within the tolerance of now, in either direction. */
  static Instant fresh(long seconds, String header, VerificationContext context) {
    long now = context.now().getEpochSecond();
    long tolerance = context.tolerance().getSeconds();
    if (seconds < now - tolerance) {
      throw new WebhookVerificationException(
          TIMESTAMP_TOO_OLD,
          "The " + header + " is " + (now - seconds) + " seconds old, more than the "
              + tolerance + "-second tolerance: a replayed request, or a sender or receiver "
              + "clock that is off");
    }
    if (seconds > now + tolerance) {
      String hint = seconds >= MILLISECONDS_THRESHOLD
          ? ": it looks like milliseconds, but the scheme uses seconds"
          : ": check the sender's and receiver's clocks";
      throw new WebhookVerificationException(
          TIMESTAMP_TOO_NEW,
          "The " + header + " is " + (seconds - now) + " seconds in the future, more than the "
              + tolerance + "-second tolerance" + hint);
    }
    return Instant.ofEpochSecond(seconds);
  }

  /**
   * The index of the first key that produced one of the candidates, or -1. Each HMAC key is
   * computed once whatever the number of candidates; comparisons are constant-time.
   */
  static int match(
      List<? extends VerificationKey> keys,
      byte[] prefix,
      byte[] body,
      List<byte[]> hmacCandidates,
      List<byte[]> ed25519Candidates) {
    byte[] message = null;
    for (int k = 0; k < keys.size(); k++) {
      VerificationKey key = keys.get(k);
      if (key instanceof HmacSecret secret) {
        if (hmacCandidates.isEmpty()) {
          continue;
        }
        byte[] expected = secret.mac(prefix, body);
        for (byte[] candidate : hmacCandidates) {
          if (MessageDigest.isEqual(expected, candidate)) {
            return k;
          }
        }
      } else if (!ed25519Candidates.isEmpty()) {
        Ed25519PublicKey publicKey = key instanceof Ed25519PrivateKey privateKey
            ? privateKey.publicKey()
            : (Ed25519PublicKey) key;
        if (message == null) {
          message = concat(prefix, body);
        }
        for (byte[] candidate : ed25519Candidates) {
          if (publicKey.verify(candidate, message)) {
            return k;
          }
        }
      }
    }
    return -1;
  }

  /** The failure for a well-formed header whose signatures matched no key. */
  static WebhookVerificationException noMatch(String header, int keyCount, @Nullable String hint) {
    return new WebhookVerificationException(
        NO_MATCHING_SIGNATURE,
        "No signature in the " + header + " header matched " + (keyCount == 1
            ? "the configured key" : "any of the " + keyCount + " configured keys")
            + (hint != null ? ": " + hint : ": check that the secret is this endpoint's, and that "
            + "the body is passed exactly as received, not re-serialized"));
  }

  /** The URL the request was posted to, which the schemes that sign it cannot do without. */
  static String requestUrl(VerificationContext context, String scheme) {
    String url = context.requestUrl();
    if (url == null || url.isEmpty()) {
      throw new IllegalArgumentException("The " + scheme + " scheme signs the URL the request"
          + " was posted to: verify with WebhookVerifier.verify(headers, body, requestUrl)");
    }
    return url;
  }

  static WebhookVerificationException malformed(String message) {
    return new WebhookVerificationException(MALFORMED_HEADER, message);
  }

  static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] concat(byte[] prefix, byte[] body) {
    byte[] message = new byte[prefix.length + body.length];
    System.arraycopy(prefix, 0, message, 0, prefix.length);
    System.arraycopy(body, 0, message, prefix.length, body.length);
    return message;
  }

  /** Fails unless the scheme supports every signing key. */
  static void requireSupported(SignatureScheme scheme, List<? extends SigningKey> keys) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("Sign with at least one key");
    }
    for (SigningKey key : keys) {
      if (!scheme.supports(key)) {
        throw new IllegalArgumentException(
            "The " + scheme.name() + " scheme cannot sign with " + key + ": it uses HMAC secrets");
      }
    }
  }
}
