package dev.hookmesh.signature;

import dev.hookmesh.internal.Encoding;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.jspecify.annotations.Nullable;

/**
 * An Ed25519 private key, for signing Standard Webhooks {@code v1a} signatures. It also
 * verifies, with its {@link #publicKey() public half}.
 *
 * <p>Written as {@code whsk_} followed by Base64 of a 32-byte seed, a 64-byte seed followed by
 * the public key, or a PKCS#8 DER {@code PrivateKeyInfo}; all three parse:
 *
 * <pre>{@code
 * Ed25519PrivateKey signing = Ed25519PrivateKey.generate();
 * String forTheCustomer = signing.publicKey().encode();   // "whpk_..."
 * }</pre>
 *
 * <p>{@code toString()} never shows the key.
 */
public final class Ed25519PrivateKey implements SigningKey, VerificationKey {

  /** The prefix of Standard Webhooks private keys. */
  public static final String PREFIX = "whsk_";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] seed;
  private final Ed25519PublicKey publicKey;
  private final byte[] publicBytes;

  private Ed25519PrivateKey(byte[] seed) {
    this.seed = seed;
    this.publicBytes = new byte[Ed25519.PUBLIC_KEY_SIZE];
    Ed25519.generatePublicKey(seed, 0, publicBytes, 0);
    this.publicKey = Ed25519PublicKey.of(publicBytes);
  }

  /**
   * Parses {@code whsk_} and Base64 (or the Base64 alone) of a 32-byte seed, a 64-byte
   * seed-and-public-key, or PKCS#8 DER.
   *
   * @param key the key text
   * @return the key
   * @throws IllegalArgumentException if the text is not such a key, or if a 64-byte form's
   *     public half does not belong to its seed; the message does not repeat the text
   */
  public static Ed25519PrivateKey parse(String key) {
    Objects.requireNonNull(key, "key");
    String trimmed = key.strip();
    int start = trimmed.startsWith(PREFIX) ? PREFIX.length() : 0;
    byte[] bytes = Encoding.unbase64(trimmed, start, trimmed.length());
    byte[] seed = bytes == null ? null : seed(bytes);
    if (seed == null) {
      throw new IllegalArgumentException(
          "Not an Ed25519 private key: expected 'whsk_' followed by the Base64 of a 32-byte "
              + "seed, a 64-byte seed and public key, or PKCS#8 (the value given is not shown)");
    }
    Ed25519PrivateKey parsed = new Ed25519PrivateKey(seed);
    if (bytes.length == 2 * Ed25519.SECRET_KEY_SIZE
        && !MessageDigest.isEqual(
            parsed.publicBytes, Arrays.copyOfRange(bytes, Ed25519.SECRET_KEY_SIZE, bytes.length))) {
      throw new IllegalArgumentException(
          "This 64-byte Ed25519 key's second half is not the public key of its first half: "
              + "the key is corrupt");
    }
    return parsed;
  }

  /**
   * A key from its 32-byte seed.
   *
   * @param seed the seed, copied
   * @return the key
   */
  public static Ed25519PrivateKey ofSeed(byte[] seed) {
    if (seed.length != Ed25519.SECRET_KEY_SIZE) {
      throw new IllegalArgumentException("An Ed25519 seed has 32 bytes, not " + seed.length);
    }
    return new Ed25519PrivateKey(seed.clone());
  }

  /**
   * Generates a key from {@link SecureRandom}.
   *
   * @return a new key
   */
  public static Ed25519PrivateKey generate() {
    byte[] seed = new byte[Ed25519.SECRET_KEY_SIZE];
    Ed25519.generatePrivateKey(RANDOM, seed);
    return new Ed25519PrivateKey(seed);
  }

  private static byte @Nullable [] seed(byte[] bytes) {
    if (bytes.length == Ed25519.SECRET_KEY_SIZE || bytes.length == 2 * Ed25519.SECRET_KEY_SIZE) {
      return Arrays.copyOf(bytes, Ed25519.SECRET_KEY_SIZE);
    }
    try {
      PrivateKeyInfo info = PrivateKeyInfo.getInstance(bytes);
      if (!Ed25519PublicKey.ALGORITHM.equals(info.getPrivateKeyAlgorithm().getAlgorithm())) {
        return null;
      }
      byte[] seed = ASN1OctetString.getInstance(info.parsePrivateKey()).getOctets();
      return seed.length == Ed25519.SECRET_KEY_SIZE ? seed : null;
    } catch (IOException | RuntimeException e) { // Bouncy Castle's ASN.1 parser throws several kinds
      return null;
    }
  }

  /**
   * The public key that verifies this key's signatures; give it to receivers.
   *
   * @return the public key
   */
  public Ed25519PublicKey publicKey() {
    return publicKey;
  }

  /**
   * The key in Standard Webhooks form: the 64-byte seed-and-public-key. This is the one
   * method that reveals the key.
   *
   * @return {@code whsk_} followed by Base64
   */
  public String encode() {
    byte[] both = Arrays.copyOf(seed, 2 * Ed25519.SECRET_KEY_SIZE);
    System.arraycopy(publicBytes, 0, both, Ed25519.SECRET_KEY_SIZE, publicBytes.length);
    return PREFIX + Encoding.base64(both);
  }

  /** A 64-byte signature over {@code message}. */
  byte[] sign(byte[] message) {
    byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
    Ed25519.sign(seed, 0, publicBytes, 0, message, 0, message.length, signature, 0);
    return signature;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Ed25519PrivateKey that && MessageDigest.isEqual(seed, that.seed);
  }

  @Override
  public int hashCode() {
    return publicKey.hashCode();
  }

  @Override
  public String toString() {
    return "Ed25519PrivateKey[redacted]";
  }
}
