package dev.hookmesh.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookmesh.HeaderLookup;
import dev.hookmesh.InMemoryReplayGuard;
import dev.hookmesh.ReplayGuard;
import dev.hookmesh.spring.internal.ObservationReceiptObserver;
import dev.hookmesh.spring.internal.ReceiptObserver;
import dev.hookmesh.spring.internal.WebhookDispatcher;
import dev.hookmesh.spring.internal.WebhookEndpointFailureAnalyzer;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import tools.jackson.databind.json.JsonMapper;

class HookmeshReceiverAutoConfigurationTest {

  static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  static final String BILLING = "hookmesh.receiver.endpoints.billing.";

  private final WebApplicationContextRunner web = new WebApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(
          JacksonAutoConfiguration.class, HookmeshReceiverAutoConfiguration.class))
      .withPropertyValues(BILLING + "secrets[0]=" + SECRET);

  @Test
  void servletApplicationGetsARouteForTheEndpoints() {
    web.run(context -> assertThat(context).getBean("hookmeshWebhookRoutes")
        .isInstanceOf(org.springframework.web.servlet.function.RouterFunction.class));
  }

  @Test
  void reactiveApplicationGetsAReactiveRoute() {
    new ReactiveWebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(
            JacksonAutoConfiguration.class, HookmeshReceiverAutoConfiguration.class))
        .withPropertyValues(BILLING + "secrets[0]=" + SECRET)
        .run(context -> assertThat(context).getBean("hookmeshWebhookRoutes")
            .isInstanceOf(org.springframework.web.reactive.function.server.RouterFunction.class));
  }

  @Test
  void backsOffOutsideAWebApplication() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(
            JacksonAutoConfiguration.class, HookmeshReceiverAutoConfiguration.class))
        .withPropertyValues(BILLING + "secrets[0]=" + SECRET)
        .run(context -> assertThat(context).doesNotHaveBean(WebhookDispatcher.class));
  }

  @Test
  void backsOffWithoutJackson() {
    web.withClassLoader(new FilteredClassLoader(JsonMapper.class))
        .run(context -> assertThat(context).doesNotHaveBean(WebhookEndpoints.class));
  }

  @Test
  void usesTheApplicationsJsonMapperWhenThereIsOne() {
    web.run(context -> assertThat(context).hasSingleBean(JsonMapper.class)
        .hasSingleBean(WebhookDispatcher.class));
  }

  @Test
  void worksWithoutAJsonMapperBean() {
    new WebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(HookmeshReceiverAutoConfiguration.class))
        .withPropertyValues(BILLING + "secrets[0]=" + SECRET)
        .run(context -> assertThat(context).hasSingleBean(WebhookDispatcher.class));
  }

  @Test
  void defaultReplayGuardIsInMemory() {
    web.run(context -> assertThat(context).getBean(ReplayGuard.class)
        .isInstanceOf(InMemoryReplayGuard.class));
  }

  @Test
  void userReplayGuardWins() {
    ReplayGuard mine = ReplayGuard.inMemory(1);
    web.withBean(ReplayGuard.class, () -> mine)
        .run(context -> assertThat(context).getBean(ReplayGuard.class).isSameAs(mine));
  }

  @Test
  void userEndpointsWin() {
    WebhookEndpoints mine = new WebhookEndpoints(List.of());
    web.withBean(WebhookEndpoints.class, () -> mine)
        .run(context -> assertThat(context).getBean(WebhookEndpoints.class).isSameAs(mine));
  }

  @Test
  void userRouteNamedLikeOursWins() {
    org.springframework.web.servlet.function.RouterFunction<?> mine =
        request -> java.util.Optional.empty();
    web.withBean("hookmeshWebhookRoutes",
            org.springframework.web.servlet.function.RouterFunction.class, () -> mine)
        .run(context -> assertThat(context).getBean("hookmeshWebhookRoutes").isSameAs(mine));
  }

  @Test
  void failingReplayGuardAnswers500SoTheSenderRetries() {
    ReplayGuard down = new ReplayGuard() {
      @Override
      public boolean seen(String endpoint, String id) {
        throw new IllegalStateException("store unavailable");
      }

      @Override
      public void markSeen(String endpoint, String id, Instant expiresAt) {}
    };
    web.withBean(ReplayGuard.class, () -> down).run(context -> {
      byte[] body = "{\"type\":\"invoice.paid\"}".getBytes();
      HeaderLookup headers = HeaderLookup.of(dev.hookmesh.WebhookSigner.builder().key(SECRET)
          .build().sign("msg_1", Instant.now(), body));

      var response = context.getBean(WebhookDispatcher.class).receive(
          context.getBean(WebhookEndpoints.class).get("billing"), headers, body);

      assertThat(response.status()).isEqualTo(500);
      assertThat(new String(response.problem())).contains("RECEIVER_FAILED")
          .doesNotContain("store unavailable");
    });
  }

  @Test
  void disabledEndpointIsLeftOut() {
    web.withPropertyValues(BILLING + "enabled=false")
        .run(context -> assertThat(context.getBean(WebhookEndpoints.class).all()).isEmpty());
  }

  @Test
  void endpointDefaultsApply() {
    web.run(context -> {
      WebhookEndpoint billing = context.getBean(WebhookEndpoints.class).get("billing");
      assertThat(billing.path()).isEqualTo("/webhooks/billing");
      assertThat(billing.verifier().scheme().name()).isEqualTo("standard-webhooks");
      assertThat(billing.verifier().tolerance()).isEqualTo(Duration.ofMinutes(5));
      assertThat(billing.maxBodySize()).isEqualTo(1024 * 1024);
      assertThat(billing.eventTypeSources()).containsExactly("/type");
      assertThat(billing.replayWindow()).isEqualTo(Duration.ofHours(24));
    });
  }

  @Test
  void githubEndpointReadsTheEventTypeFromItsHeader() {
    web.withPropertyValues("hookmesh.receiver.endpoints.gh.scheme=github",
            "hookmesh.receiver.endpoints.gh.secrets=s3cret")
        .run(context -> assertThat(context.getBean(WebhookEndpoints.class).get("gh")
            .eventTypeSources()).containsExactly("X-GitHub-Event"));
  }

  @Test
  void propertiesNeverShowSecrets() {
    web.run(context -> assertThat(context.getBean(HookmeshReceiverProperties.class).toString())
        .doesNotContain(SECRET.substring(6)));
  }

  @Test
  void unparsableSecretFailsStartUpNamingThePropertyButNotTheValue() {
    web.withPropertyValues(BILLING + "secrets[0]=whsec_not*base64")
        .run(context -> {
          FailureAnalysis analysis = analyze(context.getStartupFailure());
          assertThat(analysis.getDescription())
              .contains("hookmesh.receiver.endpoints.billing.secrets[0]")
              .doesNotContain("not*base64");
          assertThat(analysis.getAction()).contains("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
              .doesNotContain("not*base64");
        });
  }

  @Test
  void missingSecretFailsStartUpNamingTheProperty() {
    new WebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(HookmeshReceiverAutoConfiguration.class))
        .withPropertyValues("hookmesh.receiver.endpoints.orders.scheme=shopify")
        .run(context -> assertThat(analyze(context.getStartupFailure()).getDescription())
            .contains("hookmesh.receiver.endpoints.orders.secrets"));
  }

  @Test
  void unknownSchemeFailsStartUpNamingTheProperty() {
    web.withPropertyValues(BILLING + "scheme=carrier-pigeon")
        .run(context -> assertThat(analyze(context.getStartupFailure()).getAction())
            .contains("hookmesh.receiver.endpoints.billing.scheme: standard-webhooks"));
  }

  @Test
  void aPathPatternFailsStartUpInsteadOfRoutingEveryPathItMatches() {
    web.withPropertyValues(BILLING + "path=/webhooks/*")
        .run(context -> assertThat(analyze(context.getStartupFailure()).getDescription())
            .contains("hookmesh.receiver.endpoints.billing.path")
            .contains("the path /webhooks/* is not a literal path"));
    web.withPropertyValues(BILLING + "path=/webhooks/{tenant}")
        .run(context -> assertThat(context).hasFailed());
  }

  @Test
  void anEndpointNamedLikeAPatternFailsStartUp() {
    new WebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(HookmeshReceiverAutoConfiguration.class))
        .withPropertyValues("hookmesh.receiver.endpoints.[*].secrets[0]=" + SECRET)
        .run(context -> assertThat(analyze(context.getStartupFailure()).getDescription())
            .contains("the path /webhooks/* is not a literal path"));
  }

  @Test
  void twoEndpointsOnOnePathFailStartUp() {
    web.withPropertyValues("hookmesh.receiver.endpoints.other.path=/webhooks/billing",
            "hookmesh.receiver.endpoints.other.secrets[0]=" + SECRET)
        .run(context -> assertThat(analyze(context.getStartupFailure()).getDescription())
            .contains("hookmesh.receiver.endpoints.other.path")
            .contains("already used by the endpoint 'billing'"));
  }

  @Test
  void failureAnalyzerIsRegistered() throws Exception {
    List<String> analyzers = new java.util.ArrayList<>();
    var resources = getClass().getClassLoader().getResources(SpringFactoriesLoader.FACTORIES_RESOURCE_LOCATION);
    while (resources.hasMoreElements()) {
      var properties = org.springframework.core.io.support.PropertiesLoaderUtils.loadProperties(
          new org.springframework.core.io.UrlResource(resources.nextElement()));
      analyzers.addAll(org.springframework.util.StringUtils.commaDelimitedListToSet(
          properties.getProperty(FailureAnalyzer.class.getName(), "")));
    }
    assertThat(analyzers).contains(WebhookEndpointFailureAnalyzer.class.getName());
  }

  @Test
  void csrfExemptionIsOffByDefault() {
    web.run(context -> assertThat(context).doesNotHaveBean("hookmeshCsrfExemption"));
  }

  @Test
  void csrfExemptionIsRegisteredWhenOptedIn() {
    web.withPropertyValues("hookmesh.receiver.security.csrf-exempt=true")
        .run(context -> assertThat(context).hasBean("hookmeshCsrfExemption"));
  }

  @Test
  void csrfExemptionBacksOffWithoutSpringSecurity() {
    web.withPropertyValues("hookmesh.receiver.security.csrf-exempt=true")
        .withClassLoader(new FilteredClassLoader(HttpSecurity.class))
        .run(context -> assertThat(context).doesNotHaveBean("hookmeshCsrfExemption"));
  }

  private final ReactiveWebApplicationContextRunner reactive =
      new ReactiveWebApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(
              JacksonAutoConfiguration.class, HookmeshReceiverAutoConfiguration.class))
          .withPropertyValues(BILLING + "secrets[0]=" + SECRET);

  /** The type Spring Security looks up to customize the CSRF spec of every chain. */
  private static final ResolvableType CSRF_SPEC_CUSTOMIZER =
      ResolvableType.forClassWithGenerics(Customizer.class, ServerHttpSecurity.CsrfSpec.class);

  @Test
  void reactiveCsrfExemptionIsOffByDefault() {
    reactive.run(context -> assertThat(context).doesNotHaveBean("hookmeshCsrfExemption"));
  }

  @Test
  void reactiveCsrfExemptionIsACsrfSpecCustomizerWhenOptedIn() {
    reactive.withPropertyValues("hookmesh.receiver.security.csrf-exempt=true")
        .run(context -> assertThat(context.getBeanProvider(CSRF_SPEC_CUSTOMIZER).stream())
            .containsExactly(context.getBean("hookmeshCsrfExemption")));
  }

  @Test
  void servletCsrfExemptionDoesNotCustomizeReactiveChains() {
    web.withPropertyValues("hookmesh.receiver.security.csrf-exempt=true")
        .run(context -> assertThat(context.getBeanProvider(CSRF_SPEC_CUSTOMIZER).stream())
            .isEmpty());
  }

  @Test
  void reactiveCsrfExemptionBacksOffWithoutSpringSecurity() {
    reactive.withPropertyValues("hookmesh.receiver.security.csrf-exempt=true")
        .withClassLoader(new FilteredClassLoader(ServerHttpSecurity.class))
        .run(context -> assertThat(context).hasNotFailed()
            .doesNotHaveBean("hookmeshCsrfExemption"));
  }

  @Test
  void exchangeMatcherMatchesNothingWithoutAnApplicationContext() {
    MockServerWebExchange exchange =
        MockServerWebExchange.from(MockServerHttpRequest.post("/webhooks/billing"));

    assertThat(HookmeshServerWebExchange.toWebhookEndpoints().matches(exchange).block())
        .extracting(ServerWebExchangeMatcher.MatchResult::isMatch).isEqualTo(false);
  }

  @Test
  void observesEachReceiptWithEndpointEventTypeAndOutcome() {
    TestObservationRegistry registry = TestObservationRegistry.create();
    web.withBean(ObservationRegistry.class, () -> registry).run(context -> {
      WebhookEndpoint billing = context.getBean(WebhookEndpoints.class).get("billing");
      byte[] body = "{\"type\":\"invoice.paid\"}".getBytes();
      HeaderLookup headers = HeaderLookup.of(dev.hookmesh.WebhookSigner.builder().key(SECRET)
          .build().sign("msg_1", Instant.now(), body));

      context.getBean(WebhookDispatcher.class).receive(billing, headers, body);

      TestObservationRegistryAssert.assertThat(registry)
          .hasObservationWithNameEqualTo(ObservationReceiptObserver.NAME).that()
          .hasLowCardinalityKeyValue("hookmesh.endpoint", "billing")
          .hasLowCardinalityKeyValue("hookmesh.event.type", "invoice.paid")
          .hasLowCardinalityKeyValue("hookmesh.outcome", "unhandled");
    });
  }

  @Test
  void receivesWithoutMicrometer() {
    web.withClassLoader(new FilteredClassLoader(ObservationRegistry.class))
        .run(context -> assertThat(context).doesNotHaveBean(ReceiptObserver.class)
            .hasSingleBean(WebhookDispatcher.class));
  }

  @Test
  void isRegisteredAsAnAutoConfiguration() {
    assertThat(ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()))
        .contains(HookmeshReceiverAutoConfiguration.class.getName());
  }

  @Test
  void runsAfterAutoConfigurationsThatExist() throws Exception {
    // A stale afterName is silently ignored, so check every name still resolves.
    AutoConfiguration annotation = AnnotationUtils.findAnnotation(
        HookmeshReceiverAutoConfiguration.class, AutoConfiguration.class);
    for (String name : annotation.afterName()) {
      assertThat(Class.forName(name)).isNotNull();
    }
  }

  private static FailureAnalysis analyze(Throwable failure) {
    FailureAnalysis analysis = new WebhookEndpointFailureAnalyzer().analyze(failure);
    assertThat(analysis).as("analysis of %s", failure).isNotNull();
    return analysis;
  }
}
