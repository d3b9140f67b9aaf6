package dev.hookmesh.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookmesh.WebhookMessage;
import dev.hookmesh.delivery.DeliveryOutcome;
import dev.hookmesh.delivery.DeliveryStore;
import dev.hookmesh.delivery.DeliveryStoreContract;
import dev.hookmesh.delivery.DeliveryTarget;
import dev.hookmesh.delivery.EndpointState;
import dev.hookmesh.delivery.PendingDelivery;
import dev.hookmesh.jdbc.internal.JdbcFailure;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The JDBC store keeps the {@link DeliveryStore} contract on real PostgreSQL and on H2. */
class JdbcDeliveryStoreTest {

  private static final Instant T0 = Instant.parse("2026-11-23T06:00:00Z");

  private static WebhookMessage message(String id) {
    return WebhookMessage.builder("invoice.paid").id(id)
        .body("{}".getBytes(StandardCharsets.UTF_8), "application/json").createdAt(T0).build();
  }

  @Nested
  class OnPostgreSql extends JdbcContract {
    @Override
    DataSource database() {
      return TestDatabases.postgres();
    }

    /**
     * Claims, reschedules and finishes find their row by primary key. On a fresh table without
     * statistics, the plan a pooled connection caches (the generic plan) once picked an index on
     * {@code endpoint_id} instead, so with one busy endpoint each of them walked every row of
     * that endpoint, and sending while delivering slowed down as the table grew.
     */
    @Test
    void findsADeliveryByItsPrimaryKeyBeforeTheTableHasStatistics() throws SQLException {
      DataSource database = TestDatabases.postgres();
      JdbcSchema.create(database);
      JdbcDeliveryStore fresh = JdbcDeliveryStore.builder(database).build();
      for (int i = 0; i < 200; i++) {
        fresh.enqueue(message("m" + i), "ep", T0);
      }

      StringBuilder plan = new StringBuilder();
      try (Connection connection = database.getConnection();
          Statement statement = connection.createStatement()) {
        // The plan a prepared statement keeps once PostgreSQL settles on a generic one.
        statement.execute("SET plan_cache_mode = force_generic_plan");
        // The shape of a settlement: log the attempt, then move the delivery on.
        statement.execute("PREPARE finish (text, timestamptz, text, text, text, timestamptz,"
            + " boolean) AS WITH logged AS (INSERT INTO hookmesh_attempt (message_id,"
            + " endpoint_id, attempt, started_at, duration_ms, status, response_headers,"
            + " response_body) SELECT $3, $4, 1, $2, 1, 204, '', '' WHERE $7)"
            + " UPDATE hookmesh_delivery SET outcome = $1, finished_at = $2, visible_at = NULL,"
            + " lease_owner = NULL, lease_expiry = NULL"
            + " WHERE message_id = $3 AND endpoint_id = $4 AND outcome IS NULL"
            + " AND lease_owner = $5 AND lease_expiry = $6");
        try (ResultSet result = statement.executeQuery("EXPLAIN EXECUTE finish"
            + " ('DELIVERED', now(), 'm7', 'ep', 'owner', now(), true)")) {
          while (result.next()) {
            plan.append(result.getString(1)).append('\n');
          }
        }
      }

      assertThat(plan.toString()).contains("hookmesh_delivery_pkey");
    }

    /**
     * Only published messages carry an application, so only they are in the index an
     * application's message log reads: a plain send writes one index entry fewer.
     */
    @Test
    void listsAnApplicationsMessagesOnAnIndexOfPublishedMessagesOnly() throws SQLException {
      DataSource database = TestDatabases.postgres();
      JdbcSchema.create(database);
      StringBuilder plan = new StringBuilder();
      try (Connection connection = database.getConnection();
          Statement statement = connection.createStatement()) {
        // The index of every message that earlier versions made; re-running the script drops it.
        statement.execute("CREATE INDEX hookmesh_message_application"
            + " ON hookmesh_message (application_id, stored_at)");
        JdbcSchema.create(database);
        statement.execute("INSERT INTO hookmesh_message (id, event_type, content_type, body,"
            + " created_at, stored_at, application_id) SELECT 'm' || i, 'order.paid', 'json',"
            + " ''::bytea, now(), now(), CASE WHEN i % 100 = 0 THEN 'app_' || (i / 100 % 5) END"
            + " FROM generate_series(1, 20000) AS i");
        statement.execute("ANALYZE hookmesh_message");
        try (ResultSet indexes = statement.executeQuery("SELECT indexname, indexdef"
            + " FROM pg_indexes WHERE tablename = 'hookmesh_message' AND indexdef LIKE"
            + " '%application_id%'")) {
          assertThat(indexes.next()).isTrue();
          assertThat(indexes.getString(1)).isEqualTo("hookmesh_message_published");
          assertThat(indexes.getString(2)).endsWith("WHERE (application_id IS NOT NULL)");
          assertThat(indexes.next()).as("the old index of every message is gone").isFalse();
        }
        statement.execute("SET plan_cache_mode = force_generic_plan");
        statement.execute("PREPARE page (text) AS SELECT id FROM hookmesh_message"
            + " WHERE application_id = $1 ORDER BY stored_at DESC, id DESC LIMIT 50");
        try (ResultSet result = statement.executeQuery("EXPLAIN EXECUTE page ('app_1')")) {
          while (result.next()) {
            plan.append(result.getString(1)).append('\n');
          }
        }
      }

      assertThat(plan.toString()).contains("hookmesh_message_published");
    }
  }

  /** A schema-qualified prefix puts tables in that schema and names indexes within it. */
  @Test
  void createsItsTablesInAnotherSchemaTwice() throws SQLException {
    DataSource database = TestDatabases.postgres();
    try (Connection connection = database.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE SCHEMA webhooks");
    }

    JdbcSchema.create(database, "webhooks.hm_");
    JdbcSchema.create(database, "webhooks.hm_");
    JdbcDeliveryStore store =
        JdbcDeliveryStore.builder(database).tablePrefix("webhooks.hm_").build();
    store.enqueue(message("m1"), "ep", T0);

    assertThat(store.pendingCount()).isOne();
    try (Connection connection = database.getConnection();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT indexname FROM pg_indexes"
            + " WHERE schemaname = 'webhooks' AND indexname = 'hm_delivery_claim'")) {
      assertThat(result.next()).isTrue();
    }
  }

  /**
   * Inside a transaction the caller manages, leased deliveries are handed over when it commits
   * and never when it rolls back; without a way to hear the commit, they are stored unleased.
   */
  @Test
  void handsOverLeasedDeliveriesOnlyWhenTheCallersTransactionCommits() throws SQLException {
    DataSource database = TestDatabases.postgres();
    JdbcSchema.create(database);
    try (Connection connection = database.getConnection()) {
      connection.setAutoCommit(false);
      List<Runnable> onCommit = new ArrayList<>();
      JdbcDeliveryStore store = JdbcDeliveryStore.builder(new JdbcConnections() {
        @Override
        public Connection acquire() {
          return connection;
        }

        @Override
        public boolean inExternalTransaction(Connection c) {
          return true;
        }

        @Override
        public boolean afterCommit(Connection c, Runnable action) {
          return onCommit.add(action);
        }

        @Override
        public void release(Connection c) {}
      }).build();
      List<PendingDelivery> handed = new ArrayList<>();

      assertThat(store.enqueueClaimed(message("kept"), List.of(DeliveryTarget.unordered("ep")), T0,
          Duration.ofMinutes(5), "me", handed::addAll)).isTrue();
      assertThat(handed).as("not before the commit").isEmpty();
      connection.commit();
      onCommit.forEach(Runnable::run);
      onCommit.clear();
      assertThat(handed).extracting(PendingDelivery::messageId).containsExactly("kept");

      store.enqueueClaimed(message("dropped"), List.of(DeliveryTarget.unordered("ep")), T0,
          Duration.ofMinutes(5), "me", handed::addAll);
      connection.rollback();
      assertThat(JdbcDeliveryStore.builder(database).build().message("dropped")).isEmpty();
    }
  }

  @Test
  void storesUnleasedWhenTheCallersTransactionCannotAnnounceItsCommit() throws SQLException {
    DataSource database = TestDatabases.postgres();
    JdbcSchema.create(database);
    try (Connection connection = database.getConnection()) {
      connection.setAutoCommit(false);
      JdbcDeliveryStore store = JdbcDeliveryStore.builder(new JdbcConnections() {
        @Override
        public Connection acquire() {
          return connection;
        }

        @Override
        public boolean inExternalTransaction(Connection c) {
          return true;
        }

        @Override
        public void release(Connection c) {}
      }).build();
      List<PendingDelivery> handed = new ArrayList<>();

      assertThat(store.enqueueClaimed(message("m1"), List.of(DeliveryTarget.unordered("ep")), T0,
          Duration.ofMinutes(5), "me", handed::addAll)).isFalse();
      connection.commit();

      assertThat(handed).isEmpty();
      assertThat(store.claimDue(T0, 10, Set.of(), Duration.ofMinutes(5), "other"))
          .extracting(PendingDelivery::messageId).containsExactly("m1");
      connection.commit();
    }
  }

  @Nested
  class OnH2 extends JdbcContract {
    @Override
    DataSource database() {
      return TestDatabases.h2();
    }
  }

  @Nested
  class OnMariaDb extends JdbcContract {
    @Override
    DataSource database() {
      return TestDatabases.mariadb();
    }
  }

  /** The contract plus what only the JDBC store offers: retention and the oldest due time. */
  abstract static class JdbcContract extends DeliveryStoreContract {

    abstract DataSource database();

    @Override
    protected DeliveryStore newStore() {
      DataSource database = database();
      JdbcSchema.create(database);
      return JdbcDeliveryStore.builder(database).clock(Clock.fixed(T0, ZoneOffset.UTC)).build();
    }

    private JdbcDeliveryStore jdbc() {
      return (JdbcDeliveryStore) store;
    }

    @Test
    void enqueuesAMessageForSeveralEndpointsAllOrNothing() {
      String tooLong = "ep_" + "x".repeat(300); // longer than the endpoint_id column

      assertThatThrownBy(() -> store.enqueueAll(message("m1"), List.of("ep", tooLong), T0))
          .isInstanceOf(JdbcFailure.class);

      assertThat(store.pendingCount()).isZero();
      assertThat(store.message("m1")).as("the message went with its deliveries").isEmpty();
    }

    @Test
    void remembersEachEndpointsStateAndReplacesIt() {
      assertThat(store.endpointState("ep")).isEmpty();

      store.saveEndpointState(new EndpointState("ep", false, false, T0.plusNanos(1_500_000)));
      store.saveEndpointState(new EndpointState("other", true, false, null));

      assertThat(store.endpointState("ep"))
          .contains(new EndpointState("ep", false, false, T0.plusMillis(1)));
      assertThat(store.endpointState("other")).contains(new EndpointState("other", true, false, null));

      store.saveEndpointState(new EndpointState("ep", false, true, T0));
      store.saveEndpointState(new EndpointState("other", false, false, null));

      assertThat(store.endpointState("ep")).contains(new EndpointState("ep", false, true, T0));
      assertThat(store.endpointState("other")).hasValueSatisfying(
          state -> assertThat(state.accepting()).isTrue());
    }

    @Test
    void purgesFinishedMessagesStoredBeforeTheCutOffAndKeepsPendingOnes() {
      store.enqueue(message("done"), "ep", T0);
      store.enqueue(message("waiting"), "ep", T0.plusSeconds(3600));
      store.recordAttempt(attempt("done", 1));
      store.complete(claim(T0, "a").get(0), DeliveryOutcome.DELIVERED);

      assertThat(jdbc().purge(T0.plusSeconds(1))).isOne();
      assertThat(store.message("done")).isEmpty();
      assertThat(store.attempts("done")).isEmpty();
      assertThat(store.status("done", "ep")).as("its delivery went with it").isEmpty();
      assertThat(store.message("waiting")).isPresent();
      assertThat(jdbc().purge(T0.minusSeconds(1))).isZero();
    }

    @Test
    void reportsTheOldestPendingDueTime() {
      store.enqueue(message("m1"), "ep", T0.plusSeconds(30));
      store.enqueue(message("m2"), "ep", T0.plusSeconds(10));

      assertThat(jdbc().oldestDue()).contains(T0.plusSeconds(10));
    }
  }
}
