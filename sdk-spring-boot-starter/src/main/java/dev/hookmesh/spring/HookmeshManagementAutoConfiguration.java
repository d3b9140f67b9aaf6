package dev.hookmesh.spring;

import dev.hookmesh.WebhookClient;
import dev.hookmesh.platform.EncryptionKeys;
import dev.hookmesh.platform.WebhookPublisher;
import dev.hookmesh.platform.WebhookRegistry;
import dev.hookmesh.spring.internal.management.ManagementController;
import dev.hookmesh.spring.internal.management.ManagementProblems;
import dev.hookmesh.spring.internal.management.PlatformOperations;
import dev.hookmesh.spring.internal.management.PortalApiController;
import dev.hookmesh.spring.internal.management.PortalPageController;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * The two faces of the webhook platform in a servlet application: the management API
 * ({@code hookmesh.management.enabled}) for the provider's back office, secured by the
 * application's Spring Security and a {@link ManagementAccess} bean, and the customer portal
 * ({@code hookmesh.portal.enabled}) that customers open through {@link WebhookPortal} links.
 * Both need the platform ({@code hookmesh.platform.enabled}).
 */
@AutoConfiguration(after = {HookmeshPlatformAutoConfiguration.class,
    HookmeshSenderAutoConfiguration.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBean(WebhookPublisher.class)
@ConditionalOnExpression("${hookmesh.management.enabled:false} or ${hookmesh.portal.enabled:false}")
@EnableConfigurationProperties({HookmeshManagementProperties.class,
    HookmeshPortalProperties.class})
public final class HookmeshManagementAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  PlatformOperations hookmeshPlatformOperations(WebhookRegistry registry,
      WebhookPublisher publisher, WebhookClient client, ObjectProvider<JsonMapper> json,
      HookmeshManagementProperties properties) {
    return new PlatformOperations(registry, publisher, client.store(),
        json.getIfAvailable(JsonMapper::new), properties.shownBodyChars(), Clock.systemUTC());
  }

  @Bean
  @ConditionalOnMissingBean
  ManagementProblems hookmeshManagementProblems() {
    return new ManagementProblems();
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnBooleanProperty("hookmesh.management.enabled")
  static final class ManagementApiConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ManagementAccess hookmeshManagementAccess() {
      return ManagementAccess.denyAll();
    }

    @Bean
    ManagementController hookmeshManagementController(PlatformOperations operations,
        ManagementAccess access) {
      return new ManagementController(operations, access);
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnBooleanProperty("hookmesh.portal.enabled")
  static final class PortalConfiguration {

    @Bean
    @ConditionalOnMissingBean
    WebhookPortal hookmeshWebhookPortal(WebhookRegistry registry, EncryptionKeys keys,
        HookmeshPortalProperties properties) {
      return new WebhookPortal(registry, signingKey(properties, keys), properties.path(),
          Clock.systemUTC());
    }

    @Bean
    PortalApiController hookmeshPortalApi(PlatformOperations operations, WebhookPortal portal) {
      return new PortalApiController(operations, portal);
    }

    @Bean
    PortalPageController hookmeshPortalPages(WebhookPortal portal,
        HookmeshPortalProperties properties) {
      return new PortalPageController(portal, properties.path(), properties.frameAncestors());
    }

    /** The configured key, or one derived from the current encryption key for this purpose. */
    static byte[] signingKey(HookmeshPortalProperties properties, EncryptionKeys keys) {
      if (properties.signingKey() != null) {
        try {
          return Base64.getDecoder().decode(properties.signingKey().strip());
        } catch (IllegalArgumentException e) {
          throw new IllegalStateException("hookmesh.portal.signing-key is not base64 (the value"
              + " is not shown); generate one with: openssl rand -base64 32", e);
        }
      }
      try {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(keys.current().bytes(), "HmacSHA256"));
        return mac.doFinal("hookmesh portal links v1".getBytes(StandardCharsets.UTF_8));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("This JVM offers no HmacSHA256", e);
      }
    }
  }
}
