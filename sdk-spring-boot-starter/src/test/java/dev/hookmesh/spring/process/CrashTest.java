package dev.hookmesh.spring.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hookmesh.WebhookSigner;
import dev.hookmesh.jdbc.TestDatabases;
import dev.hookmesh.jdbc.TestDatabases.PostgresDatabase;
import dev.hookmesh.spring.inbox.InboxDatabase;
import dev.hookmesh.spring.it.LoopbackClient;
import dev.hookmesh.spring.process.consumer.ConsumerApplication;
import dev.hookmesh.spring.process.provider.ProviderApplication;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Applications in JVMs of their own, killed with SIGKILL mid-run and started again: an event the
 * inbox acknowledged is processed after the crash, and orders cross from a provider's outbox to
 * a consumer's inbox exactly once, though both crash.
 */
class CrashTest {

  @TempDir Path logs;
  private final List<Child> children = new ArrayList<>();

  @AfterEach
  void stopChildren() {
    children.forEach(Child::close);
  }

  private Child start(Class<?> main, String[] args) {
    Child child = Child.start(main, args,
        logs.resolve(main.getSimpleName() + "-" + children.size() + ".log"));
    children.add(child);
    return child;
  }

  @Test
  void eventsAcknowledgedBeforeACrashAreProcessedAfterTheRestart() throws Exception {
    int events = 200;
    PostgresDatabase database = InboxDatabase.create();
    int port = Child.freePort();
    Child first = start(ConsumerApplication.class,
        ConsumerApplication.arguments(database.jdbcUrl(), port, true)).awaitListening(port);

    LoopbackClient client = new LoopbackClient(port);
    WebhookSigner signer = WebhookSigner.builder().key(ConsumerApplication.SECRET).build();
    for (int i = 0; i < events; i++) {
      String body = "{\"type\":\"order.created\",\"id\":\"acked-" + i + "\"}";
      assertThat(client.post("/webhooks/orders", signer.sign("msg_acked_" + i, body), body)
          .statusCode()).isEqualTo(202);
    }
    DataSource data = database.dataSource();
    assertThat(count(data, "SELECT COUNT(*) FROM hookmesh_inbox WHERE status = 'PENDING'"))
        .isEqualTo(events);
    assertThat(InboxDatabase.orderRows(data, "acked-")).isEmpty();
    assertThat(first.kill()).isEqualTo(Child.KILLED);

    Child second = start(ConsumerApplication.class,
        ConsumerApplication.arguments(database.jdbcUrl(), port, false)).awaitListening(port);
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(
        () -> InboxDatabase.orderRows(data, "acked-").size() == events || !second.isAlive());

    assertThat(InboxDatabase.orderRows(data, "acked-")).as(second.output()).hasSize(events)
        .allSatisfy((order, rows) -> assertThat(rows).as(order).isOne());
    assertThat(count(data, "SELECT COUNT(*) FROM hookmesh_inbox WHERE status = 'PROCESSED'"))
        .isEqualTo(events);
  }

  @Test
  void ordersCrossFromOutboxToInboxExactlyOnceThoughBothSidesCrash() throws Exception {
    int orders = 1_000;
    PostgresDatabase consumerDatabase = InboxDatabase.create();
    PostgresDatabase providerDatabase = TestDatabases.postgresDatabase();
    DataSource consumed = consumerDatabase.dataSource();
    DataSource provided = providerDatabase.dataSource();
    int port = Child.freePort();
    String[] consumerArguments =
        ConsumerApplication.arguments(consumerDatabase.jdbcUrl(), port, false);
    String[] providerArguments = ProviderApplication.arguments(providerDatabase.jdbcUrl(),
        "http://127.0.0.1:" + port + "/webhooks/orders", orders);

    Child consumer = start(ConsumerApplication.class, consumerArguments).awaitListening(port);
    Child provider = start(ProviderApplication.class, providerArguments);

    // The consumer dies with orders arriving; the provider's sender retries while it is away.
    awaitOrAbort(() -> InboxDatabase.orderRows(consumed, "order-").size() >= 150, provider,
        consumer);
    assertThat(consumer.kill()).isEqualTo(Child.KILLED);
    consumer = start(ConsumerApplication.class, consumerArguments).awaitListening(port);

    // The provider dies with orders still to place and deliveries still to make.
    Child restartedConsumer = consumer;
    awaitOrAbort(() -> placed(provided) >= 600, provider, restartedConsumer);
    int placedAtKill = placed(provided);
    assertThat(placedAtKill).isLessThan(orders);
    assertThat(provider.kill()).isEqualTo(Child.KILLED);
    provider = start(ProviderApplication.class, providerArguments);

    Child restartedProvider = provider;
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(
        () -> InboxDatabase.orderRows(consumed, "order-").size() == orders
            && count(consumed, "SELECT COUNT(*) FROM hookmesh_inbox WHERE status <> 'PROCESSED'")
            == 0 || !restartedProvider.isAlive() || !restartedConsumer.isAlive());

    assertThat(placed(provided)).as(restartedProvider.output()).isEqualTo(orders);
    assertThat(InboxDatabase.orderRows(consumed, "order-")).as(restartedConsumer.output())
        .hasSize(orders).allSatisfy((order, rows) -> assertThat(rows).as(order).isOne());
    System.out.printf("provider killed with %d of %d orders placed; every order once%n",
        placedAtKill, orders);
  }

  /** Waits for a condition of a run, and fails with the children's output if it does not hold. */
  private static void awaitOrAbort(Callable<Boolean> condition, Child... running) {
    try {
      await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50)).until(() -> {
        for (Child child : running) {
          if (!child.isAlive()) {
            return true;
          }
        }
        return condition.call();
      });
      for (Child child : running) {
        if (!child.isAlive()) {
          throw new AssertionError("A child exited early:\n" + child.output());
        }
      }
    } catch (ConditionTimeoutException e) {
      StringBuilder outputs = new StringBuilder(e.getMessage());
      for (Child child : running) {
        outputs.append("\n--- child output ---\n").append(child.output());
      }
      throw new AssertionError(outputs.toString(), e);
    }
  }

  private static int placed(DataSource provider) {
    List<Integer> tables = new JdbcTemplate(provider).queryForList(
        "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'provider_orders'",
        Integer.class);
    return tables.get(0) == 0 ? 0 : count(provider, "SELECT COUNT(*) FROM provider_orders");
  }

  private static int count(DataSource dataSource, String sql) {
    Integer count = new JdbcTemplate(dataSource).queryForObject(sql, Integer.class);
    return count == null ? 0 : count;
  }
}
