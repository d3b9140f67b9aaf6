package dev.hookmesh.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.hookmesh.LoopbackReceiver;
import dev.hookmesh.WebhookClient;
import dev.hookmesh.WebhookMessage;
import dev.hookmesh.delivery.Delivery;
import dev.hookmesh.delivery.DeliveryAttempt;
import dev.hookmesh.delivery.DeliveryOutcome;
import dev.hookmesh.delivery.DeliveryResult;
import dev.hookmesh.delivery.DeliveryStore;
import dev.hookmesh.delivery.ForwardingDeliveryStore;
import dev.hookmesh.delivery.PendingDelivery;
import dev.hookmesh.jdbc.TestDatabases.PostgresDatabase;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A send's result completes even when this instance does not finish the delivery: another
 * instance delivered it, or the transaction that sent it rolled back. Leases are short here, so
 * the store is asked within seconds rather than minutes.
 */
class UnfinishedResultsTest {

  private static final Duration LEASE = Duration.ofMillis(500);

  private static WebhookMessage message() {
    return WebhookMessage.builder("invoice.paid")
        .body("{\"invoice\":\"in_1\"}".getBytes(StandardCharsets.UTF_8), "application/json")
        .build();
  }

  @SuppressWarnings("try") // the resource works while open; the body never names it
  @Test
  void aDeliveryFinishedByAnotherInstanceCompletesTheSendersResult() throws Exception {
    PostgresDatabase database = TestDatabases.postgresDatabase();
    JdbcSchema.create(database.dataSource());
    try (LoopbackReceiver receiver = new LoopbackReceiver();
        HikariDataSource pool = database.pool(4);
        // An instance that only sends: it never gets to claim, so another one delivers.
        WebhookClient sender = LoopbackReceiver.clientBuilder().lease(LEASE)
            .store(new NeverClaims(JdbcDeliveryStore.builder(pool).build())).build();
        WebhookClient worker = LoopbackReceiver.clientBuilder().lease(LEASE)
            .endpointResolver(id -> Optional.of(receiver.endpoint(id)))
            .store(JdbcDeliveryStore.builder(pool).build()).build()) {
      WebhookMessage message = message();

      Delivery delivery = sender.send(receiver.endpoint("ep_1"), message);
      DeliveryResult result = delivery.result().get(10, TimeUnit.SECONDS);

      assertThat(result.outcome()).isEqualTo(DeliveryOutcome.DELIVERED);
      assertThat(result.attempts()).isOne();
      assertThat(result.lastAttempt()).extracting(DeliveryAttempt::status).isEqualTo(204);
      assertThat(receiver.count()).isOne();
    }
  }

  @Test
  void aSendWhoseTransactionRolledBackCompletesItsResultWithTheReason() throws Exception {
    PostgresDatabase database = TestDatabases.postgresDatabase();
    JdbcSchema.create(database.dataSource());
    try (LoopbackReceiver receiver = new LoopbackReceiver();
        HikariDataSource pool = database.pool(4)) {
      ThreadBoundConnections connections = new ThreadBoundConnections(pool);
      try (WebhookClient client = LoopbackReceiver.clientBuilder().lease(LEASE)
          .store(JdbcDeliveryStore.builder(connections).build()).build()) {
        Delivery delivery;
        try (Connection transaction = pool.getConnection()) {
          transaction.setAutoCommit(false);
          connections.bind(transaction);
          delivery = client.send(receiver.endpoint("ep_1"), message());
          transaction.rollback();
          connections.unbind();
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> delivery.result().isDone());
        assertThat(delivery.result()).failsWithin(Duration.ZERO)
            .withThrowableOfType(ExecutionException.class)
            .havingCause()
            .isInstanceOf(IllegalStateException.class)
            .withMessageContaining("was not in the store")
            .withMessageContaining("the transaction that sent it rolled back");
        assertThat(receiver.count()).isZero();
      }
    }
  }

  /** Connections from a pool, except on a thread that bound its own transaction's. */
  private static final class ThreadBoundConnections implements JdbcConnections {
    private final DataSource pool;
    private final ThreadLocal<Connection> bound = new ThreadLocal<>();

    ThreadBoundConnections(DataSource pool) {
      this.pool = pool;
    }

    void bind(Connection connection) {
      bound.set(connection);
    }

    void unbind() {
      bound.remove();
    }

    @Override
    public Connection acquire() throws SQLException {
      Connection connection = bound.get();
      return connection != null ? connection : pool.getConnection();
    }

    @Override
    public boolean inExternalTransaction(Connection connection) {
      return connection == bound.get();
    }

    @Override
    public void release(Connection connection) throws SQLException {
      if (connection != bound.get()) {
        connection.close();
      }
    }
  }

  /** A store that hands out nothing to claim: an instance that only sends. */
  private static final class NeverClaims extends ForwardingDeliveryStore {
    NeverClaims(DeliveryStore store) {
      super(store);
    }

    @Override
    public List<PendingDelivery> claimDue(
        Instant now, int max, Set<String> skipEndpoints, Duration lease, String owner) {
      return List.of();
    }

    @Override
    public Optional<Instant> nextDue() {
      return Optional.empty();
    }
  }
}
