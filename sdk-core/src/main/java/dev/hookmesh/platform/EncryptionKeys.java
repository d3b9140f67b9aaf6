package dev.hookmesh.platform;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The keys that encrypt endpoints' signing secrets at rest: the current one, which encrypts,
 * and every key that may still be needed to decrypt, found by the id stored with each secret.
 * Implement it to hold the keys in a KMS or Vault.
 *
 * <pre>{@code
 * EncryptionKeys keys = EncryptionKeys.of(
 *     EncryptionKey.fromBase64("2026-11", currentKeyBase64),
 *     EncryptionKey.fromBase64("2025-06", retiredKeyBase64));   // still decrypts
 * }</pre>
 *
 * <p>Re-encrypting every secret under the current key is
 * {@link WebhookRegistry#reencryptSecrets()}.
 */
public interface EncryptionKeys {

  /**
   * The key new secrets are encrypted with.
   *
   * @return the current key
   */
  EncryptionKey current();

  /**
   * A key by its id, to decrypt a secret it encrypted.
   *
   * @param id the id stored with the secret
   * @return the key, or empty if it is not known
   */
  Optional<EncryptionKey> find(String id);

  /**
   * Keys held in memory.
   *
   * @param current the key that encrypts
   * @param retired keys that only decrypt
   * @return the keys
   * @throws IllegalArgumentException if two keys share an id
   */
  static EncryptionKeys of(EncryptionKey current, EncryptionKey... retired) {
    Objects.requireNonNull(current, "current");
    Map<String, EncryptionKey> byId = new HashMap<>();
    byId.put(current.id(), current);
    for (EncryptionKey key : retired) {
      if (byId.put(key.id(), key) != null) {
        throw new IllegalArgumentException("Two encryption keys have the id " + key.id());
      }
    }
    return new EncryptionKeys() {
      @Override
      public EncryptionKey current() {
        return current;
      }

      @Override
      public Optional<EncryptionKey> find(String id) {
        return Optional.ofNullable(byId.get(id));
      }

      @Override
      public String toString() {
        return "EncryptionKeys[current=" + current.id() + ", known=" + byId.keySet() + "]";
      }
    };
  }
}
