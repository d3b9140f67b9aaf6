package dev.hookmesh.platform;

import dev.hookmesh.platform.internal.Checks;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/**
 * A 256-bit AES key that encrypts endpoints' signing secrets at rest, with the id stored beside
 * each secret it encrypted, so that the key itself can be rotated: secrets stay readable with
 * the old key while new ones use the new.
 *
 * <pre>{@code
 * EncryptionKey key = EncryptionKey.fromBase64("2026-11", System.getenv("HOOKMESH_SECRET_KEY"));
 * }</pre>
 */
public final class EncryptionKey {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final String id;
  private final byte[] key;

  private EncryptionKey(String id, byte[] key) {
    this.id = Checks.id("encryption key", Objects.requireNonNull(id, "id"));
    Objects.requireNonNull(key, "key");
    if (key.length != 32) {
      throw new IllegalArgumentException("An encryption key has 32 bytes (AES-256), not "
          + key.length);
    }
    this.key = key.clone();
  }

  /**
   * A key from its bytes.
   *
   * @param id its id: 1 to 64 letters, digits and {@code _ . : -}, such as {@code 2026-11}
   * @param key 32 bytes
   * @return the key
   */
  public static EncryptionKey of(String id, byte[] key) {
    return new EncryptionKey(id, key);
  }

  /**
   * A key written in base64, as configuration holds it.
   *
   * @param id its id
   * @param base64 32 bytes in standard or URL-safe base64
   * @return the key
   * @throws IllegalArgumentException if the text is not base64 of 32 bytes; the message does not
   *     show it
   */
  public static EncryptionKey fromBase64(String id, String base64) {
    Objects.requireNonNull(base64, "base64");
    byte[] key;
    try {
      String trimmed = base64.strip();
      key = trimmed.indexOf('-') >= 0 || trimmed.indexOf('_') >= 0
          ? Base64.getUrlDecoder().decode(trimmed) : Base64.getDecoder().decode(trimmed);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("The encryption key " + id + " is not base64 (the"
          + " value is not shown); generate one with EncryptionKey.generate(id).toBase64()");
    }
    return new EncryptionKey(id, key);
  }

  /**
   * A new random key.
   *
   * @param id its id
   * @return the key
   */
  public static EncryptionKey generate(String id) {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return new EncryptionKey(id, key);
  }

  /**
   * The key's id.
   *
   * @return the id
   */
  public String id() {
    return id;
  }

  /**
   * The key's bytes, for the cipher.
   *
   * @return a copy of the 32 bytes
   */
  public byte[] bytes() {
    return key.clone();
  }

  /**
   * The key in base64, to put in configuration once; keep it out of logs.
   *
   * @return the base64 text
   */
  public String toBase64() {
    return Base64.getEncoder().encodeToString(key);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof EncryptionKey that && id.equals(that.id)
        && MessageDigest.isEqual(key, that.key);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  /** Shows the id only. */
  @Override
  public String toString() {
    return "EncryptionKey[id=" + id + ", (redacted)]";
  }
}
