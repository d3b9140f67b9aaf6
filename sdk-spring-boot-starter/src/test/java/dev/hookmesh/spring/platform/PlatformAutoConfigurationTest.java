package dev.hookmesh.spring.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hookmesh.WebhookClient;
import dev.hookmesh.WebhookMessage;
import dev.hookmesh.WebhookVerifier;
import dev.hookmesh.delivery.DeliveryResult;
import dev.hookmesh.delivery.EndpointState;
import dev.hookmesh.jdbc.JdbcRegistryStore;
import dev.hookmesh.jdbc.TestDatabases;
import dev.hookmesh.platform.ApplicationSpec;
import dev.hookmesh.platform.CreatedEndpoint;
import dev.hookmesh.platform.EncryptionKey;
import dev.hookmesh.platform.EncryptionKeys;
import dev.hookmesh.platform.EndpointSpec;
import dev.hookmesh.platform.EventTypeSpec;
import dev.hookmesh.platform.InMemoryRegistryStore;
import dev.hookmesh.platform.Publication;
import dev.hookmesh.platform.RegistryStore;
import dev.hookmesh.platform.WebhookPublisher;
import dev.hookmesh.platform.WebhookRegistry;
import dev.hookmesh.signature.HmacSecret;
import dev.hookmesh.spring.HookmeshJdbcAutoConfiguration;
import dev.hookmesh.spring.HookmeshPlatformAutoConfiguration;
import dev.hookmesh.spring.HookmeshPlatformProperties;
import dev.hookmesh.spring.HookmeshSenderAutoConfiguration;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link HookmeshPlatformAutoConfiguration} in real contexts: the registry and the publisher
 * wired to the auto-configured client, in memory and on H2 and PostgreSQL, with fan-out over
 * real HTTP to a receiver on 127.0.0.1 and inside the caller's transactions.
 */
class PlatformAutoConfigurationTest {

  private static final String KEY = EncryptionKey.generate("k").toBase64();
  private static final String OTHER_KEY = EncryptionKey.generate("k").toBase64();

  private final MockWebServer receiver = new MockWebServer();

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(DataSourceTransactionManagerAutoConfiguration.class,
          HookmeshJdbcAutoConfiguration.class, HookmeshPlatformAutoConfiguration.class,
          HookmeshSenderAutoConfiguration.class))
      .withPropertyValues("hookmesh.sender.ssrf.allow=127.0.0.1/32",
          "hookmesh.sender.poll-interval=100ms");

  private final ApplicationContextRunner enabled =
      runner.withPropertyValues("hookmesh.platform.enabled=true");

  @BeforeEach
  void startReceiver() throws Exception {
    receiver.start();
  }

  @AfterEach
  void stopReceiver() {
    receiver.close();
  }

  private ApplicationContextRunner onH2() {
    DataSource h2 = TestDatabases.h2();
    return enabled.withBean(DataSource.class, () -> h2);
  }

  private ApplicationContextRunner onPostgres() {
    DataSource postgres = TestDatabases.postgres();
    return enabled.withBean(DataSource.class, () -> postgres)
        .withPropertyValues("hookmesh.jdbc.initialize-schema=always",
            "hookmesh.platform.encryption.keys.k1=" + KEY);
  }

  private static CreatedEndpoint register(ApplicationContext context, String url) {
    WebhookRegistry registry = context.getBean(WebhookRegistry.class);
    registry.defineEventType(EventTypeSpec.builder("invoice.paid").build());
    registry.createApplication(ApplicationSpec.builder("Acme").id("acme").build());
    return registry.createEndpoint("acme",
        EndpointSpec.builder(url).eventTypes("invoice.*").build());
  }

  private static WebhookMessage paid(String id) {
    return WebhookMessage.builder("invoice.paid").id(id).payload(Map.of("invoice", id)).build();
  }

  @Test
  void staysOffUntilEnabled() {
    runner.run(context -> {
      assertThat(context).hasSingleBean(WebhookClient.class);
      assertThat(context).doesNotHaveBean(WebhookRegistry.class);
      assertThat(context).doesNotHaveBean(WebhookPublisher.class);
    });
  }

  @Test
  void publishesThroughTheClientToARegisteredEndpointSignedWithItsSecret() {
    enabled.run(context -> {
      assertThat(context.getBean(RegistryStore.class)).isInstanceOf(InMemoryRegistryStore.class);
      CreatedEndpoint endpoint = register(context, receiver.url("/hooks").toString());
      receiver.enqueue(new MockResponse.Builder().code(204).build());

      Publication published = context.getBean(WebhookPublisher.class).publish("acme",
          paid("inv_1"));

      assertThat(published.deliveries()).hasSize(1);
      DeliveryResult result = published.deliveries().get(0).result()
          .get(30, TimeUnit.SECONDS);
      assertThat(result.delivered()).isTrue();
      RecordedRequest request = receiver.takeRequest(5, TimeUnit.SECONDS);
      WebhookVerifier verifier = WebhookVerifier.builder()
          .key(HmacSecret.parse(endpoint.secret())).build();
      assertThat(verifier.verify(request.getHeaders().toMultimap(),
          request.getBody().toByteArray()).id()).isEqualTo(published.webhookId());
    });
  }

  @Test
  void publishesUnknownEventTypesWhenTheCatalogIsLenient() {
    enabled.run(context -> assertThat(context.getBean(WebhookPublisher.class)
        .toString()).contains("strict=true"));
    enabled.withPropertyValues("hookmesh.platform.catalog=lenient").run(context -> {
      register(context, receiver.url("/hooks").toString());
      Publication published = context.getBean(WebhookPublisher.class).publish("acme",
          WebhookMessage.builder("invoice.voided").id("inv_2").payload(Map.of()).build());
      assertThat(published.deliveries()).hasSize(1);
    });
  }

  @Test
  void keepsTheRegistryInTheDatabaseWithSecretsEncryptedUnderTheCurrentKey() {
    onH2().withPropertyValues("hookmesh.platform.encryption.current-key=k2",
        "hookmesh.platform.encryption.keys.k1=" + KEY,
        "hookmesh.platform.encryption.keys.k2=" + OTHER_KEY).run(context -> {
          assertThat(context.getBean(RegistryStore.class)).isInstanceOf(JdbcRegistryStore.class);
          CreatedEndpoint endpoint = register(context, receiver.url("/hooks").toString());

          String stored = new JdbcTemplate(context.getBean(DataSource.class)).queryForObject(
              "SELECT secret FROM hookmesh_app_endpoint WHERE id = ?", String.class,
              endpoint.registration().id());
          assertThat(stored).startsWith("v1.k2.").doesNotContain(endpoint.secret()
              .substring("whsec_".length()));
          assertThat(context.getBean(WebhookRegistry.class)
              .revealSecret("acme", endpoint.registration().id())).isEqualTo(endpoint.secret());
        });
  }

  @Test
  void refusesToStoreSecretsWithoutAKey() {
    onH2().run(context -> assertThat(context).getFailure().rootCause()
        .hasMessageContaining("hookmesh.platform.encryption.keys is not set")
        .hasMessageContaining("openssl rand -base64 32"));
  }

  @Test
  void saysWhichKeySettingIsWrongWithoutShowingAKey() {
    onH2().withPropertyValues("hookmesh.platform.encryption.keys.k1=" + KEY,
        "hookmesh.platform.encryption.keys.k2=" + OTHER_KEY).run(context ->
        assertThat(context).getFailure().rootCause().hasMessage("hookmesh.platform.encryption"
            + ".current-key must name the key that encrypts, one of [k1, k2]"));
    onH2().withPropertyValues("hookmesh.platform.encryption.keys.k1=" + KEY,
        "hookmesh.platform.encryption.current-key=k9").run(context ->
        assertThat(context).getFailure().rootCause().hasMessageContaining(
            "current-key is k9, which is not one of hookmesh.platform.encryption.keys [k1]"));
    String notAKey = "c2hvcnQ=";
    onH2().withPropertyValues("hookmesh.platform.encryption.keys.k1=" + notAKey).run(context ->
        assertThat(context).getFailure()
            .hasStackTraceContaining("hookmesh.platform.encryption.keys.k1 is not valid")
            .hasStackTraceContaining("32 bytes")
            .satisfies(failure -> assertThat(stackTrace(failure)).doesNotContain(notAKey)));
  }

  private static String stackTrace(Throwable failure) {
    StringWriter text = new StringWriter();
    failure.printStackTrace(new PrintWriter(text));
    return text.toString();
  }

  @Test
  void refusesAJdbcRegistryWithoutADataSource() {
    enabled.withPropertyValues("hookmesh.platform.store=jdbc").run(context ->
        assertThat(context).getFailure().rootCause()
            .hasMessageContaining("hookmesh.platform.store=jdbc needs a DataSource"));
  }

  @Test
  void takesTheKeysFromTheApplicationsBean() {
    EncryptionKeys vault = EncryptionKeys.of(EncryptionKey.generate("vault-1"));
    onH2().withBean(EncryptionKeys.class, () -> vault).run(context -> {
      CreatedEndpoint endpoint = register(context, receiver.url("/hooks").toString());
      assertThat(new JdbcTemplate(context.getBean(DataSource.class)).queryForObject(
          "SELECT secret FROM hookmesh_app_endpoint WHERE id = ?", String.class,
          endpoint.registration().id())).startsWith("v1.vault-1.");
    });
  }

  @Test
  void neverShowsTheKeysItIsConfiguredWith() {
    onH2().withPropertyValues("hookmesh.platform.encryption.keys.k1=" + KEY).run(context -> {
      HookmeshPlatformProperties properties = context.getBean(HookmeshPlatformProperties.class);
      assertThat(properties.encryption().keys()).containsEntry("k1", KEY);
      assertThat(properties.toString()).contains("k1").doesNotContain(KEY);
      assertThat(context.getBean(EncryptionKeys.class).toString()).doesNotContain(KEY);
    });
  }

  @Test
  void fansOutInsideTheCallersTransactionAndForgetsWhatRolledBack() {
    onPostgres().run(context -> {
      WebhookRegistry registry = context.getBean(WebhookRegistry.class);
      WebhookPublisher publisher = context.getBean(WebhookPublisher.class);
      TransactionTemplate transaction =
          new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
      JdbcTemplate database = new JdbcTemplate(context.getBean(DataSource.class));
      registry.defineEventType(EventTypeSpec.builder("invoice.paid").build());
      registry.createApplication(ApplicationSpec.builder("Acme").id("acme").build());

      transaction.executeWithoutResult(status -> {
        registry.createEndpoint("acme", EndpointSpec.builder(receiver.url("/rolled-back")
            .toString()).build());
        assertThat(publisher.publish("acme", paid("inv_rolled_back")).deliveries()).hasSize(1);
        status.setRollbackOnly(); // the business change failed
      });

      // Nothing of the transaction is stored, and nothing read inside it stays cached.
      assertThat(database.queryForObject("SELECT COUNT(*) FROM hookmesh_app_endpoint",
          Integer.class)).isZero();
      assertThat(database.queryForObject("SELECT COUNT(*) FROM hookmesh_message",
          Integer.class)).isZero();
      assertThat(registry.subscribers("acme", "invoice.paid", Set.of())).isEmpty();

      receiver.enqueue(new MockResponse.Builder().code(204).build());
      Publication committed = transaction.execute(status -> {
        registry.createEndpoint("acme", EndpointSpec.builder(receiver.url("/committed")
            .toString()).build());
        return publisher.publish("acme", paid("inv_committed"));
      });
      await().atMost(Duration.ofSeconds(30)).until(() -> receiver.getRequestCount() == 1);
      assertThat(receiver.takeRequest().getUrl().encodedPath()).isEqualTo("/committed");
      assertThat(committed.deliveries()).hasSize(1);
      assertThat(publisher.publish("acme", paid("inv_committed")).duplicate()).isTrue();
    });
  }

  @Test
  void showsTheSendersViewOfAnEndpointOnItsRegistration() {
    onPostgres().run(context -> {
      WebhookRegistry registry = context.getBean(WebhookRegistry.class);
      CreatedEndpoint endpoint = register(context, receiver.url("/gone").toString());
      receiver.enqueue(new MockResponse.Builder().code(410).build());

      context.getBean(WebhookPublisher.class).publish("acme", paid("inv_gone"));

      String id = endpoint.registration().id();
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        EndpointState state = registry.endpoint("acme", id).deliveryState();
        return state != null && state.gone();
      });
      EndpointState enabled = context.getBean(WebhookPublisher.class).enableEndpoint("acme", id)
          .deliveryState();
      assertThat(enabled == null || enabled.accepting()).as("accepting again: %s", enabled)
          .isTrue();
    });
  }
}
