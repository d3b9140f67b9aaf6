package dev.hookmesh.spring;

import dev.hookmesh.WebhookClient;
import dev.hookmesh.delivery.DeliveryStore;
import dev.hookmesh.platform.EncryptionKey;
import dev.hookmesh.platform.EncryptionKeys;
import dev.hookmesh.platform.InMemoryRegistryStore;
import dev.hookmesh.platform.RegistryStore;
import dev.hookmesh.platform.WebhookPublisher;
import dev.hookmesh.platform.WebhookRegistry;
import dev.hookmesh.spring.HookmeshPlatformProperties.Encryption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The webhook platform, with {@code hookmesh.platform.enabled=true}: a {@link WebhookRegistry}
 * of applications, endpoints and event types in the application's database (the
 * {@code JdbcRegistryStore}, in the caller's transactions) or in memory without one, and a
 * {@link WebhookPublisher} that fans events out through the auto-configured
 * {@link WebhookClient}. The registry is the client's endpoint resolver, so deliveries find
 * their endpoint's URL and current secrets after a restart, and deleted endpoints' deliveries
 * end.
 *
 * <p>Secrets are encrypted at rest under {@code hookmesh.platform.encryption.keys}, or an
 * {@link EncryptionKeys} bean of the application's (a KMS or Vault). Every bean can be replaced
 * by declaring one of the same type.
 */
@AutoConfiguration(after = HookmeshJdbcAutoConfiguration.class,
    beforeName = "dev.hookmesh.spring.HookmeshSenderAutoConfiguration")
@ConditionalOnClass(WebhookRegistry.class)
@ConditionalOnBooleanProperty("hookmesh.platform.enabled")
@EnableConfigurationProperties(HookmeshPlatformProperties.class)
public final class HookmeshPlatformAutoConfiguration {

  private static final Log logger = LogFactory.getLog(HookmeshPlatformAutoConfiguration.class);

  @Bean
  @ConditionalOnMissingBean
  RegistryStore hookmeshRegistryStore(HookmeshPlatformProperties properties) {
    if (properties.store() == HookmeshPlatformProperties.Store.JDBC) {
      throw new IllegalStateException("hookmesh.platform.store=jdbc needs a DataSource: add"
          + " one (and Hookmesh's schema), or set hookmesh.platform.store=memory to keep"
          + " applications and endpoints in memory, which loses them at restart");
    }
    return new InMemoryRegistryStore();
  }

  @Bean
  @ConditionalOnMissingBean
  EncryptionKeys hookmeshEncryptionKeys(HookmeshPlatformProperties properties,
      RegistryStore store) {
    Encryption encryption = properties.encryption();
    if (encryption.keys().isEmpty()) {
      if (store instanceof InMemoryRegistryStore) {
        logger.warn("hookmesh.platform.encryption.keys is not set: endpoint secrets are"
            + " encrypted under a key generated for this run, which is fine while the registry"
            + " is in memory and lost at restart anyway");
        return EncryptionKeys.of(EncryptionKey.generate("ephemeral"));
      }
      throw new IllegalStateException("hookmesh.platform.encryption.keys is not set, and"
          + " endpoint secrets cannot be stored without a key: add"
          + " hookmesh.platform.encryption.keys.<id>=<32 random bytes in base64> (such as the"
          + " output of 'openssl rand -base64 32', from the environment or a secret store), or"
          + " declare an EncryptionKeys bean");
    }
    return keys(encryption);
  }

  static EncryptionKeys keys(Encryption encryption) {
    Map<String, String> configured = encryption.keys();
    String current = encryption.currentKey();
    if (current == null) {
      if (configured.size() > 1) {
        throw new IllegalStateException("hookmesh.platform.encryption.current-key must name"
            + " the key that encrypts, one of " + new TreeSet<>(configured.keySet()));
      }
      current = configured.keySet().iterator().next();
    }
    if (!configured.containsKey(current)) {
      throw new IllegalStateException("hookmesh.platform.encryption.current-key is " + current
          + ", which is not one of hookmesh.platform.encryption.keys "
          + new TreeSet<>(configured.keySet()));
    }
    List<EncryptionKey> retired = new ArrayList<>();
    EncryptionKey encrypting = null;
    for (Map.Entry<String, String> key : configured.entrySet()) {
      EncryptionKey parsed;
      try {
        parsed = EncryptionKey.fromBase64(key.getKey(), key.getValue());
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException("hookmesh.platform.encryption.keys." + key.getKey()
            + " is not valid: " + e.getMessage(), e);
      }
      if (key.getKey().equals(current)) {
        encrypting = parsed;
      } else {
        retired.add(parsed);
      }
    }
    return EncryptionKeys.of(encrypting, retired.toArray(EncryptionKey[]::new));
  }

  @Bean
  @ConditionalOnMissingBean
  WebhookRegistry hookmeshWebhookRegistry(RegistryStore store, EncryptionKeys keys,
      HookmeshPlatformProperties properties, ObjectProvider<DeliveryStore> deliveries) {
    WebhookRegistry.Builder builder = WebhookRegistry.builder(store, keys)
        .refreshInterval(properties.refreshInterval());
    deliveries.ifUnique(builder::deliveryStore);
    return builder.build();
  }

  @Bean
  @ConditionalOnMissingBean
  WebhookPublisher hookmeshWebhookPublisher(WebhookRegistry registry,
      ObjectProvider<WebhookClient> client, HookmeshPlatformProperties properties) {
    WebhookClient sender = client.getIfUnique();
    if (sender == null) {
      throw new IllegalStateException("The webhook publisher needs one WebhookClient: leave"
          + " hookmesh.sender.enabled on (the default) or declare a WebhookClient bean");
    }
    WebhookPublisher.Builder builder = WebhookPublisher.builder(registry, sender);
    if (properties.catalog() == HookmeshPlatformProperties.Catalog.LENIENT) {
      builder.lenientCatalog();
    }
    return builder.build();
  }
}
