package dev.hookmesh.spring;

import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The webhook platform, bound from {@code hookmesh.platform.*}: the
 * {@link dev.hookmesh.platform.WebhookRegistry} of applications, endpoints and event types, and
 * the {@link dev.hookmesh.platform.WebhookPublisher} that fans events out to them.
 *
 * <pre>{@code
 * hookmesh:
 *   platform:
 *     enabled: true
 *     encryption:
 *       current-key: 2026-11
 *       keys:
 *         2026-11: ${HOOKMESH_KEY_2026_11}   # 32 bytes, base64
 *         2025-06: ${HOOKMESH_KEY_2025_06}   # retired: still decrypts
 * }</pre>
 *
 * @param enabled whether to auto-configure the registry and the publisher
 * @param store where applications, endpoints and event types live: auto uses the
 *     application's DataSource when there is one and memory otherwise, memory always keeps them
 *     in memory (lost at restart), jdbc requires a DataSource
 * @param catalog strict refuses to publish an event type that is not in the catalog, lenient
 *     lets it through; archived types and payloads that fail their schema are refused either way
 * @param refreshInterval how often an instance looks for registrations other instances changed,
 *     which bounds how long it may publish to an endpoint as it was before the change
 * @param encryption the keys that encrypt endpoints' secrets at rest
 */
@ConfigurationProperties("hookmesh.platform")
public record HookmeshPlatformProperties(
    @DefaultValue("false") boolean enabled,
    @DefaultValue("auto") Store store,
    @DefaultValue("strict") Catalog catalog,
    @DefaultValue("1s") Duration refreshInterval,
    @DefaultValue Encryption encryption) {

  /** Where the registry lives. */
  public enum Store {
    /** The application's DataSource when there is one, memory otherwise. */
    AUTO,
    /** Memory, lost at restart. */
    MEMORY,
    /** The application's DataSource, which must be there. */
    JDBC
  }

  /** Whether publishing requires a known event type. */
  public enum Catalog {
    /** An event type must be in the catalog. */
    STRICT,
    /** Unknown event types are published all the same. */
    LENIENT
  }

  /**
   * The keys that encrypt secrets at rest, each 32 random bytes in base64 under an id stored
   * with every secret it encrypts, so that the key itself can be rotated. Take them from the
   * environment or a secret store. An {@code EncryptionKeys} bean (a KMS or Vault) replaces
   * them.
   *
   * @param currentKey the id of the key that encrypts new secrets; may be left out when there
   *     is only one key
   * @param keys every key by its id: the current one and retired ones that still decrypt
   */
  public record Encryption(@Nullable String currentKey, Map<String, String> keys) {

    /**
     * Binds the keys.
     *
     * @param currentKey the id of the key that encrypts
     * @param keys every key by its id
     */
    public Encryption(@Nullable String currentKey, @DefaultValue Map<String, String> keys) {
      this.currentKey = currentKey;
      this.keys = Map.copyOf(keys);
    }

    /** Never shows the keys, only their ids. */
    @Override
    public String toString() {
      return "Encryption[currentKey=" + currentKey + ", keys=" + keys.keySet() + "]";
    }
  }
}
