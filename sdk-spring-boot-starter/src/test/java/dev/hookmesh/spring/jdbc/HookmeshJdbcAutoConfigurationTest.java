package dev.hookmesh.spring.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookmesh.ReplayGuard;
import dev.hookmesh.WebhookClient;
import dev.hookmesh.delivery.DeliveryStore;
import dev.hookmesh.delivery.InMemoryDeliveryStore;
import dev.hookmesh.jdbc.JdbcConnections;
import dev.hookmesh.jdbc.JdbcDeliveryStore;
import dev.hookmesh.jdbc.JdbcReplayGuard;
import dev.hookmesh.jdbc.JdbcSchema;
import dev.hookmesh.jdbc.TestDatabases;
import dev.hookmesh.spring.HookmeshJdbcAutoConfiguration;
import dev.hookmesh.spring.HookmeshSenderAutoConfiguration;
import dev.hookmesh.spring.internal.RetentionPurger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** One condition of {@link HookmeshJdbcAutoConfiguration} per test. */
class HookmeshJdbcAutoConfigurationTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(HookmeshJdbcAutoConfiguration.class));

  private ApplicationContextRunner withH2() {
    DataSource h2 = TestDatabases.h2();
    return runner.withBean(DataSource.class, () -> h2);
  }

  @Test
  void keepsTheQueueAndTheReplayGuardInTheApplicationsDatabase() {
    withH2().run(context -> {
      assertThat(context).hasSingleBean(JdbcDeliveryStore.class);
      assertThat(context).hasSingleBean(JdbcReplayGuard.class);
      assertThat(context).hasSingleBean(RetentionPurger.class);
      assertThat(context.getBean(JdbcConnections.class).toString()).contains("transaction-aware");
    });
  }

  @Test
  void createsTheTablesOfAnEmbeddedDatabase() {
    withH2().run(context -> assertThat(context.getBean(DeliveryStore.class).pendingCount()).isZero());
  }

  @Test
  void backsOffWithoutADataSource() {
    runner.run(context -> {
      assertThat(context).doesNotHaveBean(DeliveryStore.class);
      assertThat(context).doesNotHaveBean(ReplayGuard.class);
    });
  }

  @Test
  void backsOffWithoutSpringJdbc() {
    withH2().withClassLoader(new FilteredClassLoader("org.springframework.jdbc"))
        .run(context -> assertThat(context).doesNotHaveBean(DeliveryStore.class));
  }

  @Test
  void keepsTheQueueInMemoryWhenAskedTo() {
    withH2().withPropertyValues("hookmesh.sender.store=memory").run(context -> {
      assertThat(context).doesNotHaveBean(DeliveryStore.class);
      assertThat(context).hasSingleBean(JdbcReplayGuard.class);
    });
  }

  @Test
  void keepsTheReplayGuardInMemoryWhenAskedTo() {
    withH2().withPropertyValues("hookmesh.receiver.replay-guard=memory").run(context -> {
      assertThat(context).doesNotHaveBean(ReplayGuard.class);
      assertThat(context).hasSingleBean(JdbcDeliveryStore.class);
    });
  }

  @Test
  void theMemorySwitchesIgnoreCaseAsTheirEnumsDo() {
    withH2().withPropertyValues("hookmesh.sender.store=MEMORY", "hookmesh.receiver.replay-guard=Memory")
        .run(context -> {
          assertThat(context).doesNotHaveBean(JdbcDeliveryStore.class);
          assertThat(context).doesNotHaveBean(JdbcReplayGuard.class);
        });
  }

  @Test
  void usesTheApplicationsOwnStore() {
    withH2().withUserConfiguration(OwnStore.class)
        .run(context -> assertThat(context.getBean(DeliveryStore.class))
            .isInstanceOf(InMemoryDeliveryStore.class));
  }

  @Test
  void failsStartUpWithInstructionsWhenProductionTablesAreMissing() {
    DataSource postgres = TestDatabases.postgres();
    runner.withBean(DataSource.class, () -> postgres).run(context -> {
      assertThat(context).hasFailed();
      assertThat(context.getStartupFailure()).rootCause().isNotNull();
      assertThat(context.getStartupFailure())
          .hasStackTraceContaining("dev/hookmesh/jdbc/schema-postgresql.sql")
          .hasStackTraceContaining("hookmesh.jdbc.initialize-schema=always")
          .hasStackTraceContaining("hookmesh.sender.store=memory");
    });
  }

  @Test
  void failsStartUpWithInstructionsWhenTheMessageTableIsFromAnEarlierVersion() {
    DataSource postgres = TestDatabases.postgres();
    JdbcSchema.create(postgres);
    new JdbcTemplate(postgres).execute("ALTER TABLE hookmesh_message DROP COLUMN trace_context");
    runner.withBean(DataSource.class, () -> postgres).run(context -> {
      assertThat(context).hasFailed();
      assertThat(context.getStartupFailure())
          .hasStackTraceContaining("lacks the trace_context column")
          .hasStackTraceContaining("dev/hookmesh/jdbc/schema-postgresql.sql");
    });
    JdbcSchema.create(postgres); // what the message says to do
    runner.withBean(DataSource.class, () -> postgres)
        .run(context -> assertThat(context).hasNotFailed());
  }

  @Test
  void namesMariaDbsScriptAndCreatesItsTablesWhenToldTo() {
    DataSource mariadb = TestDatabases.mariadb();
    runner.withBean(DataSource.class, () -> mariadb).run(context -> assertThat(context)
        .getFailure().hasStackTraceContaining("dev/hookmesh/jdbc/schema-mariadb.sql"));
    runner.withBean(DataSource.class, () -> mariadb)
        .withPropertyValues("hookmesh.jdbc.initialize-schema=always")
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context.getBean(JdbcDeliveryStore.class).toString()).contains("MARIADB");
          JdbcReplayGuard guard = context.getBean(JdbcReplayGuard.class);
          guard.markSeen("ep", "m1", java.time.Instant.now().plusSeconds(300));
          assertThat(guard.seen("ep", "m1")).isTrue();
        });
  }

  @Test
  void takesTheDatabaseItIsToldWhenTheDriverSaysOtherwise() {
    withH2().withPropertyValues("hookmesh.jdbc.database=h2").run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context.getBean(JdbcDeliveryStore.class).toString()).contains("H2");
    });
  }

  @Test
  void checksNoTablesWhenEverythingStaysInMemory() {
    DataSource postgres = TestDatabases.postgres();
    runner.withBean(DataSource.class, () -> postgres)
        .withPropertyValues("hookmesh.sender.store=memory", "hookmesh.receiver.replay-guard=memory")
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context).doesNotHaveBean(DeliveryStore.class);
          assertThat(context).doesNotHaveBean(ReplayGuard.class);
        });
  }

  @Test
  void createsProductionTablesOnlyWhenToldTo() {
    DataSource postgres = TestDatabases.postgres();
    runner.withBean(DataSource.class, () -> postgres)
        .withPropertyValues("hookmesh.jdbc.initialize-schema=always", "hookmesh.jdbc.table-prefix=hm_")
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context.getBean(JdbcDeliveryStore.class).toString()).contains("hm_delivery");
        });
  }

  @Test
  void theAutoConfiguredClientSendsFromTheDatabaseQueue() {
    withH2()
        .withConfiguration(AutoConfigurations.of(HookmeshSenderAutoConfiguration.class))
        .run(context -> assertThat(context.getBean(WebhookClient.class).store())
            .isSameAs(context.getBean(JdbcDeliveryStore.class)));
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnStore {
    @Bean
    DeliveryStore ownStore() {
      return new InMemoryDeliveryStore();
    }
  }
}
