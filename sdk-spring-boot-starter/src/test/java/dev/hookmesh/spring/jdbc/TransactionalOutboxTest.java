package dev.hookmesh.spring.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hookmesh.Endpoint;
import dev.hookmesh.WebhookClient;
import dev.hookmesh.WebhookMessage;
import dev.hookmesh.delivery.DeliveryStore;
import dev.hookmesh.jdbc.TestDatabases.Database;
import dev.hookmesh.json.PayloadCodec;
import dev.hookmesh.spring.HookmeshJdbcAutoConfiguration;
import dev.hookmesh.test.ReceivedWebhook;
import dev.hookmesh.test.TestEndpoint;
import dev.hookmesh.test.WebhookTestReceiver;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The transactional outbox on a real PostgreSQL: a webhook sent inside a Spring transaction is
 * stored in that transaction, so it goes out if the transaction commits and never if it rolls
 * back.
 */
class TransactionalOutboxTest {

  private final WebhookTestReceiver receiver = WebhookTestReceiver.start();
  private final TestEndpoint customer = receiver.endpoint("customer-1");

  @AfterEach
  void stopReceiver() {
    receiver.close();
  }

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(
          DataSourceTransactionManagerAutoConfiguration.class, HookmeshJdbcAutoConfiguration.class))
      .withPropertyValues("hookmesh.jdbc.initialize-schema=always");

  @ParameterizedTest
  @MethodSource("dev.hookmesh.jdbc.TestDatabases#servers")
  void sendsWhatACommittedTransactionSentAndNothingOfARolledBackOne(Supplier<Database> server) {
    DataSource database = server.get().dataSource();
    runner.withBean(DataSource.class, () -> database).run(context -> {
      try (WebhookClient client = client(context.getBean(DeliveryStore.class))) {
        TransactionTemplate transaction =
            new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
        Endpoint endpoint = customer.endpoint();

        transaction.executeWithoutResult(status -> {
          client.send(endpoint, message("msg_rolled_back"));
          status.setRollbackOnly(); // the business change failed
        });
        transaction.executeWithoutResult(status -> client.send(endpoint, message("msg_committed")));

        ReceivedWebhook delivered = customer.awaitWebhook("order.created", Duration.ofSeconds(30));
        assertThat(delivered.messageId()).isEqualTo("msg_committed");
        assertThat(delivered.verified()).isTrue();
        assertThat(customer.requests()).hasSize(1);
        assertThat(new JdbcTemplate(database).queryForObject(
            "SELECT COUNT(*) FROM hookmesh_message WHERE id = 'msg_rolled_back'", Integer.class))
            .isZero();
      }
    });
  }

  @ParameterizedTest
  @MethodSource("dev.hookmesh.jdbc.TestDatabases#servers")
  void storesNothingUntilTheTransactionCommits(Supplier<Database> server) {
    DataSource database = server.get().dataSource();
    runner.withBean(DataSource.class, () -> database).run(context -> {
      DeliveryStore store = context.getBean(DeliveryStore.class);
      TransactionTemplate transaction =
          new TransactionTemplate(context.getBean(PlatformTransactionManager.class));

      transaction.executeWithoutResult(status -> {
        store.enqueue(message("msg_pending").encode(PayloadCodec.jackson()),
            "customer-1", Instant.now());
        // Inside the transaction the row is there; other connections cannot see it yet.
        try {
          assertThat(countFromAnotherConnection(context, "msg_pending")).isZero();
        } catch (SQLException e) {
          throw new IllegalStateException(e);
        }
      });

      assertThat(countFromAnotherConnection(context, "msg_pending")).isOne();
      assertThat(store.pendingCount()).isOne();
    });
  }

  /** Counts on a connection of its own, outside any transaction bound to this thread. */
  private static int countFromAnotherConnection(ApplicationContext context, String id)
      throws SQLException {
    try (Connection connection = context.getBean(DataSource.class).getConnection();
        PreparedStatement count = connection.prepareStatement(
            "SELECT COUNT(*) FROM hookmesh_delivery WHERE message_id = ?")) {
      count.setString(1, id);
      try (ResultSet result = count.executeQuery()) {
        result.next();
        return result.getInt(1);
      }
    }
  }

  private WebhookClient client(DeliveryStore store) {
    return receiver.clientBuilder().store(store).build();
  }

  private static WebhookMessage message(String id) {
    return WebhookMessage.builder("order.created").id(id)
        .payload(Map.of("type", "order.created", "order", id)).build();
  }
}
