package dev.hookmesh.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookmesh.inbox.InMemoryInboxStore;
import dev.hookmesh.inbox.InboxEvent;
import dev.hookmesh.inbox.InboxStore;
import dev.hookmesh.inbox.InboxTransactions;
import dev.hookmesh.inbox.WebhookInbox;
import dev.hookmesh.jdbc.JdbcInboxStore;
import dev.hookmesh.jdbc.TestDatabases;
import dev.hookmesh.spring.internal.RetentionPurger;
import dev.hookmesh.spring.internal.SpringInboxTransactions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;

/** One condition of {@link HookmeshInboxAutoConfiguration} per test. */
@ExtendWith(OutputCaptureExtension.class)
class HookmeshInboxAutoConfigurationTest {

  static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  static final String ORDERS = "hookmesh.receiver.endpoints.orders.";
  static final String NOT_DURABLE = "The webhook inbox keeps its events in memory";

  private final WebApplicationContextRunner web = new WebApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class,
          DataSourceTransactionManagerAutoConfiguration.class,
          HookmeshReceiverAutoConfiguration.class, HookmeshJdbcAutoConfiguration.class,
          HookmeshInboxAutoConfiguration.class))
      .withPropertyValues(ORDERS + "secrets[0]=" + SECRET);

  private WebApplicationContextRunner inbox() {
    return web.withPropertyValues(ORDERS + "processing=inbox");
  }

  private static WebApplicationContextRunner withH2(WebApplicationContextRunner runner) {
    DataSource h2 = TestDatabases.h2();
    return runner.withBean(DataSource.class, () -> h2);
  }

  @Test
  void buildsNoInboxWhileEveryEndpointProcessesInline() {
    web.run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context).doesNotHaveBean(WebhookInbox.class);
      assertThat(context).doesNotHaveBean(InboxStore.class);
    });
  }

  @Test
  void anEndpointOrTheGlobalDefaultTurnsTheInboxOn() {
    inbox().run(context -> assertThat(context).hasSingleBean(WebhookInbox.class));
    web.withPropertyValues("hookmesh.receiver.processing=inbox")
        .run(context -> assertThat(context).hasSingleBean(WebhookInbox.class));
    web.withPropertyValues("hookmesh.receiver.processing=inbox", ORDERS + "processing=inline")
        .run(context -> assertThat(context).doesNotHaveBean(WebhookInbox.class));
  }

  @Test
  void withoutADatabaseKeepsEventsInMemoryAndSaysSoOnce(CapturedOutput output) {
    inbox().run(context -> {
      assertThat(context.getBean(InboxStore.class)).isInstanceOf(InMemoryInboxStore.class);
      assertThat(context).doesNotHaveBean(InboxTransactions.class);
      assertThat(context).hasSingleBean(RetentionPurger.class);
    });
    assertThat(output.getAll().split(NOT_DURABLE, -1)).hasSize(2);
  }

  @Test
  void withADatabaseKeepsEventsThereAndProcessesInTransactions(CapturedOutput output) {
    withH2(inbox()).withPropertyValues("hookmesh.jdbc.initialize-schema=always").run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context.getBean(InboxStore.class)).isInstanceOf(JdbcInboxStore.class);
      assertThat(context.getBean(InboxTransactions.class))
          .isInstanceOf(SpringInboxTransactions.class);
    });
    assertThat(output.getAll()).doesNotContain(NOT_DURABLE);
  }

  @Test
  void aMissingTableFailsWithWhatToRun() {
    withH2(inbox()).withPropertyValues("hookmesh.jdbc.initialize-schema=never",
        "hookmesh.sender.store=memory", "hookmesh.receiver.replay-guard=memory").run(context ->
        assertThat(context).getFailure()
            .hasStackTraceContaining("hookmesh_inbox is missing")
            .hasStackTraceContaining("dev/hookmesh/jdbc/schema-h2.sql")
            .hasStackTraceContaining("hookmesh.receiver.inbox.store=memory"));
  }

  @Test
  void memoryCanBeChosenBesideADatabase() {
    withH2(inbox()).withPropertyValues("hookmesh.jdbc.initialize-schema=never",
            "hookmesh.sender.store=memory", "hookmesh.receiver.replay-guard=memory",
            "hookmesh.receiver.inbox.store=memory")
        .run(context -> assertThat(context.getBean(InboxStore.class))
            .isInstanceOf(InMemoryInboxStore.class));
  }

  @Test
  void aDatabaseStoreWithoutADatabaseFailsAtStartUp() {
    inbox().withPropertyValues("hookmesh.receiver.inbox.store=jdbc").run(context ->
        assertThat(context).getFailure().rootCause()
            .hasMessageContaining("hookmesh.receiver.inbox.store=jdbc needs a DataSource"));
  }

  @Test
  void badEndpointSettingsFailAtStartUpNamingTheProperty() {
    inbox().withPropertyValues(ORDERS + "allowed-ips=10.0.0.0/33").run(context ->
        assertThat(context).getFailure().rootCause().hasMessageContaining("allowed-ips")
            .hasMessageContaining("10.0.0.0/33"));
    inbox().withPropertyValues(ORDERS + "ordering-key=data.id").run(context ->
        assertThat(context).getFailure().rootCause().hasMessageContaining("ordering-key")
            .hasMessageContaining("not a JSON pointer"));
    inbox().withPropertyValues(ORDERS + "rate-limit=-1").run(context ->
        assertThat(context).getFailure().rootCause().hasMessageContaining("rate-limit"));
  }

  @Test
  void reportsHealthAndMeters() {
    inbox().withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class))
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .run(context -> {
          WebhookInbox inbox = context.getBean(WebhookInbox.class);
          inbox.receive(InboxEvent.builder("orders", "msg_1",
                  "{\"type\":\"order.created\"}".getBytes(StandardCharsets.UTF_8))
              .eventType("order.created").receivedAt(Instant.now()).build());

          Health health = context.getBean(HookmeshInboxHealthIndicator.class).health(true);
          assertThat(health.getStatus()).isEqualTo(Status.UP);
          assertThat(health.getDetails()).containsKeys("depth", "oldestPendingAge",
              "deadLetters");
          MeterRegistry registry = context.getBean(MeterRegistry.class);
          assertThat(registry.get("hookmesh.inbox.events").tag("outcome", "received")
              .tag("endpoint", "orders").counter().count()).isOne();
          assertThat(registry.get("hookmesh.inbox.depth").gauge()).isNotNull();
        });
  }
}
