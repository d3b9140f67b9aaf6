package dev.hookmesh.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hookmesh.Endpoint;
import dev.hookmesh.WebhookClient;
import dev.hookmesh.WebhookMessage;
import dev.hookmesh.delivery.DeliveryEvent;
import dev.hookmesh.delivery.DeliveryListener;
import dev.hookmesh.delivery.DeliveryObserver;
import dev.hookmesh.delivery.DeliveryStore;
import dev.hookmesh.delivery.InMemoryDeliveryStore;
import dev.hookmesh.http.SsrfPolicy;
import dev.hookmesh.json.PayloadCodec;
import dev.hookmesh.retry.ClientErrorHandling;
import dev.hookmesh.retry.RetryPolicy;
import dev.hookmesh.spring.internal.AttemptMetrics;
import dev.hookmesh.spring.internal.ObservationDeliveryObserver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.annotation.AnnotationUtils;
import tools.jackson.databind.json.JsonMapper;

class HookmeshSenderAutoConfigurationTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(HookmeshSenderAutoConfiguration.class));

  @Test
  void isRegisteredAsAnAutoConfiguration() {
    assertThat(ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()))
        .contains(HookmeshSenderAutoConfiguration.class.getName());
  }

  @Test
  void runsAfterTheDataSourceAndTheJdbcStoreSoThatItsStoreBeanIsSeen() {
    AutoConfiguration order = AnnotationUtils.findAnnotation(
        HookmeshSenderAutoConfiguration.class, AutoConfiguration.class);

    assertThat(order.afterName()).contains(
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "dev.hookmesh.spring.HookmeshJdbcAutoConfiguration");
  }

  @Test
  void createsAClientWithTheDefaults() {
    runner.run(context -> {
      assertThat(context).hasSingleBean(WebhookClient.class);
      assertThat(context.getBean(WebhookClient.class).toString())
          .contains(RetryPolicy.standardWebhooks().toString())
          .contains(SsrfPolicy.defaults().toString())
          .contains("InMemoryDeliveryStore");
    });
  }

  @Test
  void defaultPropertiesMatchTheCoreDefaults() {
    runner.run(context -> {
      HookmeshSenderProperties properties = context.getBean(HookmeshSenderProperties.class);
      assertThat(properties.timeouts().connect()).isEqualTo(WebhookClient.DEFAULT_CONNECT_TIMEOUT);
      assertThat(properties.timeouts().call()).isEqualTo(WebhookClient.DEFAULT_CALL_TIMEOUT);
      assertThat(properties.concurrency().max()).isEqualTo(WebhookClient.DEFAULT_MAX_CONCURRENCY);
      assertThat(properties.concurrency().perEndpoint())
          .isEqualTo(WebhookClient.DEFAULT_MAX_CONCURRENCY_PER_ENDPOINT);
      assertThat(properties.disableAfter()).isEqualTo(WebhookClient.DEFAULT_DISABLE_AFTER);
      assertThat(properties.closeTimeout()).isEqualTo(WebhookClient.DEFAULT_CLOSE_TIMEOUT);
      assertThat(HookmeshSenderAutoConfiguration.circuitBreaker(properties.circuitBreaker()))
          .isEqualTo(dev.hookmesh.delivery.CircuitBreaker.defaults());
    });
  }

  @Test
  void appliesTheRetryProperties() {
    runner.withPropertyValues("hookmesh.sender.retry.policy=exponential",
            "hookmesh.sender.retry.initial=50ms", "hookmesh.sender.retry.multiplier=3",
            "hookmesh.sender.retry.max-delay=1s", "hookmesh.sender.retry.max-attempts=4",
            "hookmesh.sender.retry.max-elapsed=1m", "hookmesh.sender.retry.client-errors=stop")
        .run(context -> assertThat(context.getBean(WebhookClient.class).toString())
            .contains(RetryPolicy.exponential().newBuilder().initial(Duration.ofMillis(50))
                .multiplier(3).maxDelay(Duration.ofSeconds(1)).maxAttempts(4)
                .maxElapsed(Duration.ofMinutes(1)).clientErrors(ClientErrorHandling.STOP)
                .build().toString()));
  }

  @Test
  void appliesLimitsToTheStandardWebhooksSchedule() {
    runner.withPropertyValues("hookmesh.sender.retry.max-elapsed=1h")
        .run(context -> assertThat(context.getBean(WebhookClient.class).toString())
            .contains(RetryPolicy.standardWebhooks().newBuilder().maxElapsed(Duration.ofHours(1))
                .build().toString()));
  }

  @Test
  void refusesExponentialSettingsForAnotherPolicy() {
    runner.withPropertyValues("hookmesh.sender.retry.initial=1s")
        .run(context -> assertThat(context).getFailure().rootCause()
            .hasMessageContaining("hookmesh.sender.retry.initial applies only to"));
  }

  @Test
  void appliesNoRetries() {
    runner.withPropertyValues("hookmesh.sender.retry.policy=none")
        .run(context -> assertThat(context.getBean(WebhookClient.class).toString())
            .contains(RetryPolicy.none().toString()));
  }

  @Test
  void appliesTheSsrfAllowList() {
    runner.withPropertyValues("hookmesh.sender.ssrf.allow=127.0.0.1/32,hooks.internal",
            "hookmesh.sender.ssrf.https-only=true")
        .run(context -> assertThat(context.getBean(WebhookClient.class).toString())
            .contains(SsrfPolicy.builder().allow("127.0.0.1/32").allow("hooks.internal")
                .httpsOnly(true).build().toString()));
  }

  @Test
  void backsOffWhenTheApplicationHasItsOwnClient() {
    runner.withBean("myClient", WebhookClient.class, () -> WebhookClient.builder().build())
        .run(context -> assertThat(context).hasSingleBean(WebhookClient.class)
            .hasBean("myClient"));
  }

  @Test
  void isSwitchedOffByProperty() {
    runner.withPropertyValues("hookmesh.sender.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(WebhookClient.class)
            .doesNotHaveBean(HookmeshSenderHealthIndicator.class));
  }

  @Test
  void usesTheApplicationsDeliveryStore() {
    DeliveryStore store = new InMemoryDeliveryStore();
    runner.withBean(DeliveryStore.class, () -> store)
        .run(context -> assertThat(context.getBean(WebhookClient.class).store()).isSameAs(store));
  }

  @Test
  void keepsDeliveriesInMemoryWhenToldToDespiteAStoreBean() {
    DeliveryStore store = new InMemoryDeliveryStore();
    runner.withBean(DeliveryStore.class, () -> store)
        .withPropertyValues("hookmesh.sender.store=memory")
        .run(context -> assertThat(context.getBean(WebhookClient.class).store())
            .isNotSameAs(store));
  }

  @Test
  void boundsTheFinishedMessagesKeptInMemory() {
    runner.withPropertyValues("hookmesh.sender.keep-finished=250")
        .run(context -> assertThat(context.getBean(WebhookClient.class).store())
            .hasToString("InMemoryDeliveryStore[messages=0, pending=0, maxFinished=250]"));
    runner.run(context -> assertThat(context.getBean(WebhookClient.class).store().toString())
        .endsWith("maxFinished=1000]"));
  }

  @Test
  void refusesToKeepNoFinishedMessages() {
    runner.withPropertyValues("hookmesh.sender.keep-finished=0")
        .run(context -> assertThat(context).getFailure().rootCause()
            .hasMessage("hookmesh.sender.keep-finished must be at least 1, was 0"));
  }

  @Test
  void readsTheEgressProxyAsHostAndPort() {
    assertThat(HookmeshSenderAutoConfiguration.proxy("egress.internal.example:4750").address())
        .hasToString("egress.internal.example/<unresolved>:4750");
    assertThat(HookmeshSenderAutoConfiguration.proxy("[::1]:3128").address())
        .isEqualTo(InetSocketAddress.createUnresolved("::1", 3128));
    runner.withPropertyValues("hookmesh.sender.proxy=127.0.0.1:3128")
        .run(context -> assertThat(context).hasSingleBean(WebhookClient.class));
  }

  @Test
  void refusesAProxyThatIsNotHostAndPort() {
    for (String bad : new String[] {"http://egress:4750", "egress.internal.example", "egress:port"}) {
      runner.withPropertyValues("hookmesh.sender.proxy=" + bad)
          .run(context -> assertThat(context).getFailure().rootCause()
              .hasMessage("hookmesh.sender.proxy must be host:port, such as "
                  + "egress.internal.example:4750, was '" + bad + "'"));
    }
  }

  @Test
  void failsWhenJdbcIsRequiredWithoutAStore() {
    runner.withPropertyValues("hookmesh.sender.store=jdbc")
        .run(context -> assertThat(context).getFailure().rootCause()
            .hasMessageContaining("hookmesh.sender.store=jdbc needs a DeliveryStore bean"));
  }

  @Test
  void encodesPayloadsWithTheApplicationsJsonMapper() {
    runner.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class))
        .run(context -> assertThat(context).hasSingleBean(JsonMapper.class)
            .hasSingleBean(PayloadCodec.class));
  }

  @Test
  void usesTheApplicationsPayloadCodec() {
    PayloadCodec codec = PayloadCodec.jackson(JsonMapper.builder().build());
    runner.withBean(PayloadCodec.class, () -> codec)
        .run(context -> assertThat(context.getBean(PayloadCodec.class)).isSameAs(codec));
  }

  @Test
  void worksWithoutJackson() {
    runner.withClassLoader(new FilteredClassLoader(JsonMapper.class))
        .run(context -> assertThat(context).hasSingleBean(WebhookClient.class)
            .doesNotHaveBean(PayloadCodec.class));
  }

  @Test
  void tellsEveryDeliveryListenerBeanAboutAttempts() {
    List<DeliveryEvent> first = new CopyOnWriteArrayList<>();
    List<DeliveryEvent> second = new CopyOnWriteArrayList<>();
    runner.withBean("first", DeliveryListener.class, () -> first::add)
        .withBean("second", DeliveryListener.class, () -> second::add)
        .withPropertyValues("hookmesh.sender.retry.policy=none")
        .run(context -> {
          WebhookClient client = context.getBean(WebhookClient.class);
          // Refused by the SSRF guard before any connection: an attempt without a response.
          client.send(Endpoint.of("ep_1", "http://127.0.0.1:9/in", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
              WebhookMessage.of("invoice.paid", "{}")).result().get();
          assertThat(first).extracting(DeliveryEvent::type).contains(DeliveryEvent.Type.FINISHED);
          assertThat(second).extracting(DeliveryEvent::type).contains(DeliveryEvent.Type.FINISHED);
        });
  }

  @Test
  void addsTheHealthIndicatorWithActuatorHealth() {
    runner.run(context -> {
      assertThat(context).hasBean("hookmeshHealthIndicator");
      assertThat(context.getBean(HookmeshSenderHealthIndicator.class).health(true).getStatus())
          .isEqualTo(Status.UP);
    });
  }

  @Test
  void reportsOnTheApplicationsOwnClient() {
    runner.withBean("myClient", WebhookClient.class, () -> WebhookClient.builder().build())
        .run(context -> assertThat(context).hasSingleBean(HookmeshSenderHealthIndicator.class));
  }

  @Test
  void hasNoHealthIndicatorWithoutActuatorHealth() {
    runner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
        .run(context -> assertThat(context).hasSingleBean(WebhookClient.class)
            .doesNotHaveBean(HookmeshSenderHealthIndicator.class));
  }

  @Test
  void hasNoHealthIndicatorWhenItIsDisabled() {
    runner.withPropertyValues("management.health.hookmesh.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(HookmeshSenderHealthIndicator.class));
  }

  @Test
  void registersGaugesAndCountersWithTheMeterRegistry() {
    runner.withConfiguration(AutoConfigurations.of(
            MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
        .run(context -> {
          MeterRegistry registry = context.getBean(MeterRegistry.class);
          assertThat(registry.get("hookmesh.sender.queue.depth").gauge().value()).isZero();
          assertThat(registry.get("hookmesh.sender.oldest.due.age").gauge().value()).isZero();
          assertThat(registry.get("hookmesh.sender.circuits.open").gauge().value()).isZero();
          assertThat(registry.get("hookmesh.sender.endpoints.disabled").tag("reason", "gone")
              .gauge().value()).isZero();
          assertThat(context).hasSingleBean(AttemptMetrics.class);
        });
  }

  @Test
  void hasNoMetricsWithoutMicrometer() {
    runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
        .run(context -> assertThat(context).hasSingleBean(WebhookClient.class)
            .doesNotHaveBean(HookmeshSenderMetrics.class).doesNotHaveBean(AttemptMetrics.class));
  }

  @Test
  void observesSendsAndAttemptsWithoutAnEndpointsUrlOrCredentials() {
    List<Observation.Context> stopped = new CopyOnWriteArrayList<>();
    ObservationRegistry registry = ObservationRegistry.create();
    registry.observationConfig().observationHandler(new ObservationHandler<>() {
      @Override
      public boolean supportsContext(Observation.Context context) {
        return true;
      }

      @Override
      public void onStop(Observation.Context context) {
        stopped.add(context);
      }
    });
    runner.withBean(ObservationRegistry.class, () -> registry)
        .withPropertyValues("hookmesh.sender.retry.policy=none")
        .run(context -> {
          assertThat(context).hasSingleBean(ObservationDeliveryObserver.class);
          context.getBean(WebhookClient.class).send(
              Endpoint.builder("http://bob:hunter2pass@127.0.0.1:9/in?token=tok_SECRETQUERY")
                  .id("ep_1").key("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").build(),
              WebhookMessage.of("invoice.paid", "{}")).result().get();

          await().atMost(Duration.ofSeconds(10)).until(() -> stopped.size() == 3);
          assertThat(stopped).extracting(Observation.Context::getName).containsExactlyInAnyOrder(
              ObservationDeliveryObserver.SEND, ObservationDeliveryObserver.ATTEMPT,
              ObservationDeliveryObserver.REQUEST);
          Observation.Context attempt = stopped.stream()
              .filter(observed -> observed.getName().equals(ObservationDeliveryObserver.ATTEMPT))
              .findFirst().orElseThrow();
          assertThat(attempt.getLowCardinalityKeyValue("hookmesh.outcome").getValue())
              .isEqualTo("error");
          assertThat(attempt.getLowCardinalityKeyValue("hookmesh.status").getValue())
              .isEqualTo("none");
          assertThat(attempt.getHighCardinalityKeyValue("hookmesh.endpoint").getValue())
              .isEqualTo("ep_1");
          assertThat(attempt.getError()).isNotNull();
          assertThat(stopped).allSatisfy(observed -> assertThat(
              observed.getAllKeyValues() + " " + observed.getError())
              .doesNotContain("hunter2pass", "tok_SECRETQUERY", "whsec_"));
        });
  }

  @Test
  void takesTheApplicationsOwnDeliveryObserver() {
    runner.withBean(ObservationRegistry.class, TestObservationRegistry::create)
        .withBean(DeliveryObserver.class, () -> DeliveryObserver.NONE)
        .run(context -> assertThat(context).hasSingleBean(DeliveryObserver.class)
            .doesNotHaveBean(ObservationDeliveryObserver.class));
  }

  @Test
  void countsAttemptsByOutcomeAndStatusClassOnly() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    runner.withBean(MeterRegistry.class, () -> registry)
        .withPropertyValues("hookmesh.sender.retry.policy=none")
        .run(context -> {
          context.getBean(AttemptMetrics.class).bindTo(registry);
          context.getBean(WebhookClient.class).send(
              Endpoint.of("ep_1", "http://127.0.0.1:9/in", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
              WebhookMessage.of("invoice.paid", "{}")).result().get();

          assertThat(registry.get("hookmesh.sender.attempts").tags("outcome", "error", "status", "none")
              .counter().count()).isEqualTo(1);
          assertThat(registry.get("hookmesh.sender.deliveries").tag("outcome", "refused")
              .counter().count()).isEqualTo(1);
          assertThat(registry.getMeters()).allSatisfy(meter ->
              assertThat(meter.getId().getTags().toString()).doesNotContain("127.0.0.1", "ep_1"));
        });
  }

  @Test
  void tagsNoMeterWithAnEndpointUrlOrItsCredentials() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    runner.withBean(MeterRegistry.class, () -> registry)
        .withPropertyValues("hookmesh.sender.retry.policy=none")
        .run(context -> {
          context.getBean(AttemptMetrics.class).bindTo(registry);
          context.getBean(WebhookClient.class).send(
              Endpoint.builder("http://bob:hunter2pass@127.0.0.1:9/in?token=tok_SECRETQUERY")
                  .key("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").build(),
              WebhookMessage.of("invoice.paid", "{}")).result().get();

          assertThat(registry.getMeters()).isNotEmpty().allSatisfy(meter ->
              assertThat(meter.getId().toString())
                  .doesNotContain("127.0.0.1", "bob", "hunter2pass", "tok_SECRETQUERY"));
        });
  }
}
