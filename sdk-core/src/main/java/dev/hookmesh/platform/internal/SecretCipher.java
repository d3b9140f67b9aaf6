package dev.hookmesh.platform.internal;

import dev.hookmesh.platform.EncryptionKey;
import dev.hookmesh.platform.EncryptionKeys;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts signing secrets at rest with AES-256-GCM: a random 96-bit nonce per secret, a
 * 128-bit tag, and the endpoint's id as associated data, so that a secret copied to another
 * endpoint's row does not decrypt. Stored as {@code v1.<key id>.<base64url(nonce, ciphertext)>}:
 * the key id says which key decrypts it.
 */
public final class SecretCipher {

  private static final String PREFIX = "v1.";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final EncryptionKeys keys;

  /**
   * A cipher over keys.
   *
   * @param keys the keys
   */
  public SecretCipher(EncryptionKeys keys) {
    this.keys = Objects.requireNonNull(keys, "keys");
  }

  /**
   * Encrypts a secret under the current key.
   *
   * @param endpointId the endpoint it belongs to
   * @param secret the secret
   * @return the stored form
   */
  public String encrypt(String endpointId, String secret) {
    EncryptionKey key = keys.current();
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher cipher = cipher(Cipher.ENCRYPT_MODE, key, nonce, endpointId);
      byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
      byte[] stored = ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed)
          .array();
      return PREFIX + key.id() + "." + Base64.getUrlEncoder().withoutPadding()
          .encodeToString(stored);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is part of every Java runtime", e);
    }
  }

  /**
   * Decrypts a stored secret.
   *
   * @param endpointId the endpoint it belongs to
   * @param stored the stored form
   * @return the secret
   * @throws IllegalStateException if its key is unknown, or it was altered or moved; the
   *     message names the endpoint and the key id, never the secret
   */
  public String decrypt(String endpointId, String stored) {
    if (!stored.startsWith(PREFIX)) {
      throw unreadable(endpointId, "it is not in a form Hookmesh writes");
    }
    int dot = stored.indexOf('.', PREFIX.length());
    if (dot < 0) {
      throw unreadable(endpointId, "it is not in a form Hookmesh writes");
    }
    String keyId = stored.substring(PREFIX.length(), dot);
    EncryptionKey key = keys.find(keyId).orElseThrow(() -> unreadable(endpointId,
        "its encryption key " + keyId + " is not configured; add it to the retired keys"));
    byte[] data;
    try {
      data = Base64.getUrlDecoder().decode(stored.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      throw unreadable(endpointId, "it is not in a form Hookmesh writes");
    }
    if (data.length <= NONCE_BYTES) {
      throw unreadable(endpointId, "it is too short");
    }
    try {
      byte[] nonce = new byte[NONCE_BYTES];
      System.arraycopy(data, 0, nonce, 0, NONCE_BYTES);
      Cipher cipher = cipher(Cipher.DECRYPT_MODE, key, nonce, endpointId);
      byte[] secret = cipher.doFinal(data, NONCE_BYTES, data.length - NONCE_BYTES);
      return new String(secret, StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw unreadable(endpointId, "it does not decrypt with key " + keyId
          + ": altered, or copied from another endpoint");
    }
  }

  /**
   * The id of the key that encrypts now.
   *
   * @return the current key's id
   */
  public String currentKeyId() {
    return keys.current().id();
  }

  /**
   * The id of the key a stored secret was encrypted with.
   *
   * @param stored the stored form
   * @return the key id, or empty text if it is not in Hookmesh's form
   */
  public static String keyIdOf(String stored) {
    int dot = stored.indexOf('.', PREFIX.length());
    return stored.startsWith(PREFIX) && dot > 0 ? stored.substring(PREFIX.length(), dot) : "";
  }

  private static Cipher cipher(int mode, EncryptionKey key, byte[] nonce, String endpointId)
      throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(mode, new SecretKeySpec(key.bytes(), "AES"), new GCMParameterSpec(TAG_BITS, nonce));
    cipher.updateAAD(("hookmesh:endpoint:" + endpointId).getBytes(StandardCharsets.UTF_8));
    return cipher;
  }

  private static IllegalStateException unreadable(String endpointId, String why) {
    return new IllegalStateException("The signing secret of endpoint " + endpointId
        + " cannot be read: " + why);
  }

  @Override
  public String toString() {
    return "SecretCipher[AES-256-GCM, " + keys + "]";
  }
}
