package dev.hookmesh.signature;

import dev.hookmesh.internal.Encoding;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.jspecify.annotations.Nullable;

/**
 * An Ed25519 public key, for verifying Standard Webhooks {@code v1a} signatures.
 *
 * <p>Written as {@code whpk_} followed by Base64 of either the raw 32-byte key or its X.509
 * {@code SubjectPublicKeyInfo} DER encoding; both forms are seen in the wild and both parse:
 *
 * <pre>{@code
 * Ed25519PublicKey key = Ed25519PublicKey.parse("whpk_1SiA4o9hyqTCpIqC5V9HUakiiaeACeqfZTInDBbOir4=");
 * }</pre>
 *
 * <p>The decoded curve point is kept, so verification starts from it instead of decoding the key
 * each time. {@code toString()} does not show the key.
 */
public final class Ed25519PublicKey implements VerificationKey {

  /** The prefix of Standard Webhooks public keys. */
  public static final String PREFIX = "whpk_";

  /** The algorithm identifier of Ed25519 in X.509 and PKCS#8 (RFC 8410). */
  static final ASN1ObjectIdentifier ALGORITHM = new ASN1ObjectIdentifier("1.3.101.112");

  private final byte[] raw;
  private final Ed25519.PublicPoint point;

  private Ed25519PublicKey(byte[] raw, Ed25519.PublicPoint point) {
    this.raw = raw;
    this.point = point;
  }

  /**
   * Parses {@code whpk_} and Base64 (or the Base64 alone) of a raw 32-byte key or an X.509
   * {@code SubjectPublicKeyInfo}.
   *
   * @param key the key text
   * @return the key
   * @throws IllegalArgumentException if the text is not such a key
   */
  public static Ed25519PublicKey parse(String key) {
    Objects.requireNonNull(key, "key");
    String trimmed = key.strip();
    int start = trimmed.startsWith(PREFIX) ? PREFIX.length() : 0;
    byte[] bytes = Encoding.unbase64(trimmed, start, trimmed.length());
    byte[] raw = bytes == null ? null : rawKey(bytes);
    if (raw == null) {
      throw new IllegalArgumentException(
          "Not an Ed25519 public key: expected 'whpk_' followed by the Base64 of a 32-byte key "
              + "or of an X.509 SubjectPublicKeyInfo");
    }
    return of(raw);
  }

  /**
   * A key from its raw 32 bytes.
   *
   * @param raw the encoded point, copied
   * @return the key
   * @throws IllegalArgumentException if the bytes are not a valid Ed25519 public key
   */
  public static Ed25519PublicKey of(byte[] raw) {
    if (raw.length != Ed25519.PUBLIC_KEY_SIZE) {
      throw new IllegalArgumentException(
          "An Ed25519 public key has 32 bytes, not " + raw.length);
    }
    Ed25519.PublicPoint point = Ed25519.validatePublicKeyFullExport(raw, 0);
    if (point == null) {
      throw new IllegalArgumentException("Those 32 bytes are not a valid Ed25519 public key");
    }
    return new Ed25519PublicKey(raw.clone(), point);
  }

  private static byte @Nullable [] rawKey(byte[] bytes) {
    if (bytes.length == Ed25519.PUBLIC_KEY_SIZE) {
      return bytes;
    }
    try {
      SubjectPublicKeyInfo info = SubjectPublicKeyInfo.getInstance(bytes);
      if (!ALGORITHM.equals(info.getAlgorithm().getAlgorithm())) {
        return null;
      }
      return info.getPublicKeyData().getOctets();
    } catch (RuntimeException e) { // Bouncy Castle's ASN.1 parser throws several kinds
      return null;
    }
  }

  /**
   * The key in Standard Webhooks form (raw 32 bytes).
   *
   * @return {@code whpk_} followed by Base64
   */
  public String encode() {
    return PREFIX + Encoding.base64(raw);
  }

  /**
   * The raw 32-byte key.
   *
   * @return a copy of the encoded point
   */
  public byte[] toBytes() {
    return raw.clone();
  }

  /** Checks a 64-byte signature over {@code message}. */
  boolean verify(byte[] signature, byte[] message) {
    return signature.length == Ed25519.SIGNATURE_SIZE
        && Ed25519.verify(signature, 0, point, message, 0, message.length);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Ed25519PublicKey that && Arrays.equals(raw, that.raw);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(raw);
  }

  @Override
  public String toString() {
    return "Ed25519PublicKey[redacted]";
  }
}
