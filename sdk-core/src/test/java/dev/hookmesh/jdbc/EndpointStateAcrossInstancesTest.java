package dev.hookmesh.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.hookmesh.LoopbackReceiver;
import dev.hookmesh.WebhookClient;
import dev.hookmesh.WebhookMessage;
import dev.hookmesh.delivery.DeliveryOutcome;
import dev.hookmesh.delivery.DeliveryResult;
import dev.hookmesh.delivery.EndpointState;
import dev.hookmesh.jdbc.TestDatabases.PostgresDatabase;
import dev.hookmesh.retry.RetryPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What a client learns about an endpoint outlives it on PostgreSQL: an endpoint that answered
 * 410 stays gone after a restart, the time it has been failing keeps counting towards
 * auto-disable, and enabling it on one instance reaches the others.
 */
class EndpointStateAcrossInstancesTest {

  private static final Instant T0 = Instant.parse("2026-11-23T06:00:00Z");

  private static WebhookMessage message() {
    return WebhookMessage.builder("invoice.paid")
        .body("{\"invoice\":\"in_1\"}".getBytes(StandardCharsets.UTF_8), "application/json")
        .build();
  }

  /** An instance of the application: a client with its own store on the shared pool. */
  private static WebhookClient.Builder clientOn(HikariDataSource pool) {
    return LoopbackReceiver.clientBuilder().store(JdbcDeliveryStore.builder(pool).build());
  }

  private static DeliveryResult send(WebhookClient client, LoopbackReceiver receiver)
      throws Exception {
    return client.send(receiver.endpoint("ep_1"), message()).result().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aGoneEndpointStaysGoneAfterARestartUntilEnabled() throws Exception {
    PostgresDatabase database = TestDatabases.postgresDatabase();
    JdbcSchema.create(database.dataSource());
    try (LoopbackReceiver receiver = new LoopbackReceiver();
        HikariDataSource pool = database.pool(2)) {
      receiver.answerInOrder(410, 204);
      try (WebhookClient first = clientOn(pool).build()) {
        assertThat(send(first, receiver).outcome()).isEqualTo(DeliveryOutcome.ENDPOINT_GONE);
      }

      try (WebhookClient restarted = clientOn(pool).build()) {
        assertThat(send(restarted, receiver).outcome()).isEqualTo(DeliveryOutcome.ENDPOINT_GONE);
        assertThat(receiver.count()).as("nothing sent to a gone endpoint").isOne();
        assertThat(restarted.endpointHealth("ep_1").gone()).isTrue();

        restarted.enableEndpoint("ep_1");

        assertThat(send(restarted, receiver).outcome()).isEqualTo(DeliveryOutcome.DELIVERED);
        assertThat(restarted.store().endpointState("ep_1"))
            .contains(new EndpointState("ep_1", false, false, null));
      }
    }
  }

  @Test
  void enablingAnEndpointOnOneInstanceReachesAnother() throws Exception {
    PostgresDatabase database = TestDatabases.postgresDatabase();
    JdbcSchema.create(database.dataSource());
    try (LoopbackReceiver receiver = new LoopbackReceiver();
        HikariDataSource pool = database.pool(4)) {
      receiver.answerInOrder(410, 204);
      try (WebhookClient two = secondInstanceAfterTheFirstEnables(pool, receiver)) {
        // The second instance looks again every ten polls (20 ms each here) while it refuses.
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).untilAsserted(
            () -> assertThat(send(two, receiver).outcome()).isEqualTo(DeliveryOutcome.DELIVERED));
        assertThat(two.endpointHealth("ep_1").gone()).isFalse();
        assertThat(receiver.count()).isEqualTo(2);
      }
    }
  }

  /**
   * The first instance finds the endpoint gone; the second, started after that, reads it so;
   * then the first enables it and stops, so that only the second can claim what it sends next.
   */
  private static WebhookClient secondInstanceAfterTheFirstEnables(
      HikariDataSource pool, LoopbackReceiver receiver) throws Exception {
    try (WebhookClient one = clientOn(pool).build()) {
      assertThat(send(one, receiver).outcome()).isEqualTo(DeliveryOutcome.ENDPOINT_GONE);
      WebhookClient two = clientOn(pool).build();
      try {
        assertThat(send(two, receiver).outcome())
            .as("the second instance reads the endpoint's state when it first sends to it")
            .isEqualTo(DeliveryOutcome.ENDPOINT_GONE);
        one.enableEndpoint("ep_1");
        return two;
      } catch (Exception | AssertionError e) {
        two.close();
        throw e;
      }
    }
  }

  @Test
  void theFailingPeriodKeepsCountingAcrossARestart() throws Exception {
    PostgresDatabase database = TestDatabases.postgresDatabase();
    JdbcSchema.create(database.dataSource());
    try (LoopbackReceiver receiver = new LoopbackReceiver();
        HikariDataSource pool = database.pool(2)) {
      receiver.answerInOrder(500);
      try (WebhookClient before = clientOn(pool)
          .clock(Clock.fixed(T0, ZoneOffset.UTC))
          .retryPolicy(RetryPolicy.none())
          .disableAfter(Duration.ofDays(5))
          .build()) {
        assertThat(send(before, receiver).outcome()).isEqualTo(DeliveryOutcome.EXHAUSTED);
      }

      // Six days later, in a new process: one more failure, and the endpoint has failed for
      // longer than five days.
      try (WebhookClient after = clientOn(pool)
          .clock(Clock.fixed(T0.plus(Duration.ofDays(6)), ZoneOffset.UTC))
          .retryPolicy(RetryPolicy.none())
          .disableAfter(Duration.ofDays(5))
          .build()) {
        assertThat(after.endpointHealth("ep_1").failingSince()).isEqualTo(T0);

        DeliveryResult result = send(after, receiver);

        assertThat(result.outcome()).isEqualTo(DeliveryOutcome.ENDPOINT_DISABLED);
        assertThat(after.store().endpointState("ep_1"))
            .contains(new EndpointState("ep_1", false, true, T0));
      }
    }
  }
}
