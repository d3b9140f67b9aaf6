package dev.hookmesh.samples.sender;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Encrypts customers' signing secrets before they are stored, with AES-256-GCM under a key from
 * configuration ({@code sample.secret-key}, 32 bytes in Base64). A copy of the database alone
 * then signs nothing. Each value is bound to its endpoint's id, so a ciphertext moved to another
 * row does not decrypt. Stored as {@code v1:} and the Base64 of the nonce and the ciphertext.
 */
@Component
public class SecretCipher {

  private static final String VERSION = "v1:";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final SecretKeySpec key;
  private final SecureRandom random = new SecureRandom();

  SecretCipher(@Value("${sample.secret-key}") String base64Key) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(base64Key.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("sample.secret-key must be Base64", e);
    }
    if (bytes.length != 32) {
      throw new IllegalArgumentException("sample.secret-key must be 32 bytes (256 bits) in Base64,"
          + " was " + bytes.length + " bytes; generate one with: openssl rand -base64 32");
    }
    this.key = new SecretKeySpec(bytes, "AES");
  }

  /**
   * Encrypts a secret for an endpoint.
   *
   * @param endpointId the endpoint the secret belongs to
   * @param secret the secret
   * @return the value to store
   */
  public String encrypt(String endpointId, String secret) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    byte[] sealed = run(Cipher.ENCRYPT_MODE, nonce, endpointId,
        secret.getBytes(StandardCharsets.UTF_8));
    byte[] stored = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
    System.arraycopy(sealed, 0, stored, NONCE_BYTES, sealed.length);
    return VERSION + Base64.getEncoder().encodeToString(stored);
  }

  /**
   * Decrypts what {@link #encrypt} stored for an endpoint.
   *
   * @param endpointId the endpoint the secret belongs to
   * @param stored the stored value
   * @return the secret
   * @throws IllegalStateException if the value was not encrypted for this endpoint under this key
   */
  public String decrypt(String endpointId, String stored) {
    if (!stored.startsWith(VERSION)) {
      throw new IllegalStateException("The secret of " + endpointId + " is not encrypted");
    }
    byte[] bytes = Base64.getDecoder().decode(stored.substring(VERSION.length()));
    byte[] nonce = Arrays.copyOf(bytes, NONCE_BYTES);
    byte[] sealed = Arrays.copyOfRange(bytes, NONCE_BYTES, bytes.length);
    return new String(run(Cipher.DECRYPT_MODE, nonce, endpointId, sealed), StandardCharsets.UTF_8);
  }

  private byte[] run(int mode, byte[] nonce, String endpointId, byte[] input) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(endpointId.getBytes(StandardCharsets.UTF_8));
      return cipher.doFinal(input);
    } catch (GeneralSecurityException e) {
      // The message names the endpoint only: never the secret or the key.
      throw new IllegalStateException("Could not " + (mode == Cipher.ENCRYPT_MODE ? "encrypt" : "decrypt")
          + " the secret of " + endpointId + " (wrong sample.secret-key?)", e);
    }
  }

  @Override
  public String toString() {
    return "SecretCipher[AES-256-GCM]";
  }
}
