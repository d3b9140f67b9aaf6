package dev.hookmesh.signature;

import dev.hookmesh.WebhookEvent;
import dev.hookmesh.internal.Ascii;
import dev.hookmesh.internal.Encoding;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The provider-specific schemes: HMAC-SHA256 keyed by a secret string's UTF-8 bytes, most of
 * them with a single signature per request.
 */
abstract class HmacUtf8Scheme implements SignatureScheme {

  static final byte[] NO_PREFIX = new byte[0];

  private final String name;

  HmacUtf8Scheme(String name) {
    this.name = name;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final VerificationKey parseVerificationKey(String secret) {
    return HmacSecret.ofUtf8(secret);
  }

  @Override
  public final SigningKey parseSigningKey(String secret) {
    return HmacSecret.ofUtf8(secret);
  }

  /** The one key of a scheme whose header holds one signature. */
  final HmacSecret onlyKey(List<? extends SigningKey> keys) {
    Verification.requireSupported(this, keys);
    if (keys.size() > 1) {
      throw new IllegalArgumentException(
          "The " + name + " scheme carries one signature per request: sign with one key");
    }
    return (HmacSecret) keys.get(0);
  }

  /** Verifies candidate signatures over {@code prefix} and the body. */
  final WebhookEvent verifyHmac(
      String header,
      List<byte[]> candidates,
      byte[] prefix,
      byte[] body,
      List<? extends VerificationKey> keys,
      @Nullable String id,
      @Nullable Instant timestamp) {
    int matched = Verification.match(keys, prefix, body, candidates, List.of());
    if (matched < 0) {
      throw Verification.noMatch(header, keys.size(), null);
    }
    return new WebhookEvent(id, timestamp, body, name, matched);
  }

  /** Reads {@code <label><64 hex digits>}, the form GitHub and Slack use. */
  static byte[] labelledHex(String value, String label, String header) {
    byte[] candidate = value.length() == label.length() + 64
            && Ascii.startsWithIgnoreCase(value, label)
        ? Encoding.unhex(value, label.length(), value.length())
        : null;
    if (candidate == null) {
      throw Verification.malformed(
          "The " + header + " header must be '" + label + "' followed by 64 hex digits");
    }
    return candidate;
  }

  @Override
  public String toString() {
    return "SignatureScheme[" + name + "]";
  }
}
