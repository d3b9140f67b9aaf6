package dev.hookmesh.spring;

import dev.hookmesh.ReplayGuard;
import dev.hookmesh.spring.internal.ObservationReceiptObserver;
import dev.hookmesh.spring.internal.ReactiveWebhookHandler;
import dev.hookmesh.spring.internal.ReceiptObserver;
import dev.hookmesh.spring.internal.ServletWebhookHandler;
import dev.hookmesh.spring.internal.WebhookDispatcher;
import dev.hookmesh.spring.internal.WebhookListenerProcessor;
import io.micrometer.observation.ObservationRegistry;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.CsrfConfigurer;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.csrf.CsrfWebFilter;
import org.springframework.security.web.server.util.matcher.AndServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.NegatedServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import tools.jackson.databind.json.JsonMapper;

/**
 * Auto-configuration for receiving webhooks: the endpoints from
 * {@link HookmeshReceiverProperties}, {@link WebhookListener} discovery, and a functional route
 * per endpoint in Spring MVC or WebFlux. Backs off outside a web application and without
 * Jackson 3. Every bean can be replaced by declaring one of the same type (or, for the routes
 * and the CSRF customizer, the same name). With Spring Security, the opt-in
 * {@code hookmesh.receiver.security.csrf-exempt} exempts the endpoints from CSRF protection in
 * Spring MVC ({@link HookmeshRequest}) and WebFlux ({@link HookmeshServerWebExchange}).
 */
@AutoConfiguration(afterName = {
    "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
    "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration"})
@ConditionalOnWebApplication
@ConditionalOnClass(JsonMapper.class)
@EnableConfigurationProperties(HookmeshReceiverProperties.class)
public final class HookmeshReceiverAutoConfiguration {

  /** How many message ids the default in-memory {@link ReplayGuard} remembers at most. */
  public static final int DEFAULT_REPLAY_GUARD_SIZE = 100_000;

  @Bean
  @ConditionalOnMissingBean
  WebhookEndpoints hookmeshWebhookEndpoints(HookmeshReceiverProperties properties) {
    return WebhookEndpoints.from(properties);
  }

  @Bean
  @ConditionalOnMissingBean
  ReplayGuard hookmeshReplayGuard() {
    return ReplayGuard.inMemory(DEFAULT_REPLAY_GUARD_SIZE);
  }

  @Bean
  static WebhookListenerProcessor hookmeshWebhookListenerProcessor() {
    return new WebhookListenerProcessor();
  }

  @Bean
  @ConditionalOnMissingBean
  WebhookDispatcher hookmeshWebhookDispatcher(WebhookListenerProcessor listeners,
      ReplayGuard replayGuard, ObjectProvider<JsonMapper> mapper,
      ObjectProvider<ReceiptObserver> observer) {
    return new WebhookDispatcher(listeners, replayGuard, mapper.getIfUnique(JsonMapper::new),
        observer.getIfUnique(() -> ReceiptObserver.NONE), Clock.systemUTC());
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(ObservationRegistry.class)
  static final class ObservationConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ReceiptObserver hookmeshReceiptObserver(ObjectProvider<ObservationRegistry> registry) {
      return new ObservationReceiptObserver(registry.getIfUnique(() -> ObservationRegistry.NOOP));
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = Type.SERVLET)
  @ConditionalOnClass(org.springframework.web.servlet.function.RouterFunction.class)
  static final class ServletConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "hookmeshWebhookRoutes")
    org.springframework.web.servlet.function.RouterFunction<
            org.springframework.web.servlet.function.ServerResponse>
        hookmeshWebhookRoutes(WebhookDispatcher dispatcher, WebhookEndpoints endpoints) {
      return new ServletWebhookHandler(dispatcher).routes(endpoints);
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = Type.REACTIVE)
  @ConditionalOnClass(org.springframework.web.reactive.function.server.RouterFunction.class)
  static final class ReactiveConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "hookmeshWebhookRoutes")
    org.springframework.web.reactive.function.server.RouterFunction<
            org.springframework.web.reactive.function.server.ServerResponse>
        hookmeshWebhookRoutes(WebhookDispatcher dispatcher, WebhookEndpoints endpoints) {
      return new ReactiveWebhookHandler(dispatcher).routes(endpoints);
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = Type.SERVLET)
  @ConditionalOnClass({HttpSecurity.class, CsrfConfigurer.class})
  @ConditionalOnProperty(name = "hookmesh.receiver.security.csrf-exempt", havingValue = "true")
  static final class CsrfExemptionConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "hookmeshCsrfExemption")
    Customizer<CsrfConfigurer<HttpSecurity>> hookmeshCsrfExemption() {
      return csrf -> csrf.ignoringRequestMatchers(HookmeshRequest.toWebhookEndpoints());
    }
  }

  /**
   * The WebFlux counterpart: Spring Security applies a {@code Customizer<CsrfSpec>} bean to every
   * {@link ServerHttpSecurity} it creates. CsrfSpec has no list of ignored exchanges, so the
   * exemption narrows the matcher of exchanges that need a token: Spring Security's default
   * (every method but GET, HEAD, TRACE and OPTIONS) minus the webhook endpoints.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = Type.REACTIVE)
  @ConditionalOnClass({ServerHttpSecurity.class, ServerWebExchangeMatcher.class})
  @ConditionalOnProperty(name = "hookmesh.receiver.security.csrf-exempt", havingValue = "true")
  static final class ReactiveCsrfExemptionConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "hookmeshCsrfExemption")
    Customizer<ServerHttpSecurity.CsrfSpec> hookmeshCsrfExemption() {
      return csrf -> csrf.requireCsrfProtectionMatcher(new AndServerWebExchangeMatcher(
          CsrfWebFilter.DEFAULT_CSRF_MATCHER,
          new NegatedServerWebExchangeMatcher(HookmeshServerWebExchange.toWebhookEndpoints())));
    }
  }
}
