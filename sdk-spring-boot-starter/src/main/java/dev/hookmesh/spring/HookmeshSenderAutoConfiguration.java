package dev.hookmesh.spring;

import dev.hookmesh.EndpointResolver;
import dev.hookmesh.WebhookClient;
import dev.hookmesh.delivery.CircuitBreaker;
import dev.hookmesh.delivery.DeliveryListener;
import dev.hookmesh.delivery.DeliveryObserver;
import dev.hookmesh.delivery.DeliveryStore;
import dev.hookmesh.delivery.InMemoryDeliveryStore;
import dev.hookmesh.http.SsrfPolicy;
import dev.hookmesh.json.PayloadCodec;
import dev.hookmesh.retry.ExponentialBackoff;
import dev.hookmesh.retry.FixedSchedule;
import dev.hookmesh.retry.RetryPolicy;
import dev.hookmesh.spring.HookmeshSenderProperties.Retry;
import dev.hookmesh.spring.internal.AttemptMetrics;
import dev.hookmesh.spring.internal.CompositeDeliveryListener;
import dev.hookmesh.spring.internal.ObservationDeliveryObserver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.time.Clock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * Auto-configuration for sending webhooks: one {@link WebhookClient} built from
 * {@link HookmeshSenderProperties}, recording deliveries in the application's
 * {@link DeliveryStore} bean when there is one (the JDBC store, with a DataSource), encoding
 * payloads with the application's {@link JsonMapper}, and telling every {@link DeliveryListener}
 * bean about each attempt. With Actuator's health module it adds the {@code hookmesh} health
 * indicator, with Micrometer gauges and attempt counters, and with Micrometer Observation an
 * observation of every send and attempt that carries the sending thread's trace to each attempt
 * ({@link ObservationDeliveryObserver}).
 *
 * <p>Every bean can be replaced by declaring one of the same type; a {@link WebhookClient} bean
 * of the application's own replaces the client, and the health indicator and metrics then
 * report on that one. {@code hookmesh.sender.enabled=false} switches all of it off.
 */
@AutoConfiguration(afterName = {
    "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
    "dev.hookmesh.spring.HookmeshJdbcAutoConfiguration",
    "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
    "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration"})
@ConditionalOnBooleanProperty(name = "hookmesh.sender.enabled", matchIfMissing = true)
@EnableConfigurationProperties(HookmeshSenderProperties.class)
public final class HookmeshSenderAutoConfiguration {

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  WebhookClient hookmeshWebhookClient(HookmeshSenderProperties properties,
      ObjectProvider<DeliveryStore> store, ObjectProvider<DeliveryListener> listeners,
      ObjectProvider<EndpointResolver> resolver, ObjectProvider<PayloadCodec> codec,
      ObjectProvider<DeliveryObserver> observer) {
    WebhookClient.Builder builder = WebhookClient.builder()
        .store(store(properties, store))
        .listener(CompositeDeliveryListener.of(listeners.orderedStream().toList()))
        .retryPolicy(retryPolicy(properties.retry()))
        .ssrfPolicy(ssrfPolicy(properties.ssrf()))
        .connectTimeout(properties.timeouts().connect())
        .callTimeout(properties.timeouts().call())
        .maxConcurrency(properties.concurrency().max())
        .maxConcurrencyPerEndpoint(properties.concurrency().perEndpoint())
        .circuitBreaker(circuitBreaker(properties.circuitBreaker()))
        .pollInterval(properties.pollInterval())
        .lease(properties.lease())
        .closeTimeout(properties.closeTimeout());
    if (properties.disableAfter().isZero()) {
      builder.neverDisable();
    } else {
      builder.disableAfter(properties.disableAfter());
    }
    if (properties.proxy() != null) {
      builder.proxy(proxy(properties.proxy()));
    }
    resolver.ifAvailable(builder::endpointResolver);
    codec.ifAvailable(builder::payloadCodec);
    observer.ifUnique(builder::observer);
    return builder.build();
  }

  private static DeliveryStore store(
      HookmeshSenderProperties properties, ObjectProvider<DeliveryStore> store) {
    Supplier<DeliveryStore> memory = () -> {
      if (properties.keepFinished() < 1) {
        throw new IllegalStateException("hookmesh.sender.keep-finished must be at least 1, was "
            + properties.keepFinished());
      }
      return InMemoryDeliveryStore.keepingFinished(properties.keepFinished());
    };
    return switch (properties.store()) {
      case MEMORY -> memory.get();
      case AUTO -> store.getIfAvailable(memory);
      case JDBC -> {
        DeliveryStore bean = store.getIfAvailable();
        if (bean == null) {
          throw new IllegalStateException("hookmesh.sender.store=jdbc needs a DeliveryStore "
              + "bean: add a DataSource (and the JDBC store's schema), or set "
              + "hookmesh.sender.store=auto to fall back to memory");
        }
        yield bean;
      }
    };
  }

  static Proxy proxy(String hostAndPort) {
    HttpUrl parsed = HttpUrl.parse("http://" + hostAndPort.strip());
    if (parsed == null || hostAndPort.contains("/") || !hostAndPort.strip().matches(".*:\\d+")) {
      throw new IllegalStateException("hookmesh.sender.proxy must be host:port, such as "
          + "egress.internal.example:4750, was '" + hostAndPort + "'");
    }
    return new Proxy(
        Proxy.Type.HTTP, InetSocketAddress.createUnresolved(parsed.host(), parsed.port()));
  }

  static RetryPolicy retryPolicy(Retry retry) {
    return switch (retry.policy()) {
      case NONE -> RetryPolicy.none();
      case STANDARD_WEBHOOKS -> {
        requireExponential(retry.initial(), "initial", retry);
        requireExponential(retry.multiplier(), "multiplier", retry);
        requireExponential(retry.maxDelay(), "max-delay", retry);
        FixedSchedule.Builder builder = RetryPolicy.standardWebhooks().newBuilder();
        apply(retry.maxAttempts(), builder::maxAttempts);
        apply(retry.maxElapsed(), builder::maxElapsed);
        apply(retry.clientErrors(), builder::clientErrors);
        yield builder.build();
      }
      case EXPONENTIAL -> {
        ExponentialBackoff.Builder builder = RetryPolicy.exponential().newBuilder();
        apply(retry.initial(), builder::initial);
        apply(retry.multiplier(), builder::multiplier);
        apply(retry.maxDelay(), builder::maxDelay);
        apply(retry.maxAttempts(), builder::maxAttempts);
        apply(retry.maxElapsed(), builder::maxElapsed);
        apply(retry.clientErrors(), builder::clientErrors);
        yield builder.build();
      }
    };
  }

  private static void requireExponential(@Nullable Object value, String name, Retry retry) {
    if (value != null) {
      throw new IllegalArgumentException("hookmesh.sender.retry." + name + " applies only to "
          + "hookmesh.sender.retry.policy=exponential, not " + retry.policy());
    }
  }

  private static <T> void apply(@Nullable T value, Consumer<T> setter) {
    if (value != null) {
      setter.accept(value);
    }
  }

  private static SsrfPolicy ssrfPolicy(HookmeshSenderProperties.Ssrf ssrf) {
    SsrfPolicy.Builder builder = SsrfPolicy.builder().enabled(ssrf.enabled())
        .httpsOnly(ssrf.httpsOnly());
    ssrf.allow().forEach(builder::allow);
    return builder.build();
  }

  static CircuitBreaker circuitBreaker(HookmeshSenderProperties.CircuitBreaker settings) {
    if (!settings.enabled()) {
      return CircuitBreaker.disabled();
    }
    return CircuitBreaker.builder()
        .consecutiveFailures(settings.consecutiveFailures())
        .failureRate(settings.failureRate(), settings.window())
        .openDuration(settings.openDuration())
        .build();
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(JsonMapper.class)
  static final class JacksonConfiguration {

    @Bean
    @ConditionalOnMissingBean
    PayloadCodec hookmeshPayloadCodec(ObjectProvider<JsonMapper> mapper) {
      JsonMapper unique = mapper.getIfUnique();
      return unique == null ? PayloadCodec.jackson() : PayloadCodec.jackson(unique);
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(HealthIndicator.class)
  @ConditionalOnEnabledHealthIndicator("hookmesh")
  static final class HealthConfiguration {

    @Bean
    @ConditionalOnMissingBean
    HookmeshSenderHealthIndicator hookmeshHealthIndicator(WebhookClient client) {
      return new HookmeshSenderHealthIndicator(client, Clock.systemUTC());
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(ObservationRegistry.class)
  static final class ObservationConfiguration {

    @Bean
    @ConditionalOnMissingBean
    DeliveryObserver hookmeshDeliveryObserver(ObjectProvider<ObservationRegistry> registry) {
      return new ObservationDeliveryObserver(
          registry.getIfUnique(() -> ObservationRegistry.NOOP));
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(MeterRegistry.class)
  static final class MetricsConfiguration {

    @Bean
    @ConditionalOnMissingBean
    HookmeshSenderMetrics hookmeshSenderMetrics(WebhookClient client) {
      return new HookmeshSenderMetrics(client, Clock.systemUTC());
    }

    @Bean
    @ConditionalOnMissingBean
    AttemptMetrics hookmeshAttemptMetrics() {
      return new AttemptMetrics();
    }
  }
}
