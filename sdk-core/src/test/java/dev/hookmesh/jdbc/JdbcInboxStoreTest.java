package dev.hookmesh.jdbc;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.hookmesh.inbox.InboxEvent;
import dev.hookmesh.inbox.InboxStore;
import dev.hookmesh.inbox.InboxStoreContract;
import dev.hookmesh.jdbc.internal.JdbcFailure;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The JDBC inbox keeps the {@link InboxStore} contract on real PostgreSQL, MariaDB and H2, and
 * on PostgreSQL stores events arriving together in one statement.
 */
class JdbcInboxStoreTest {

  @Nested
  class OnPostgreSql extends JdbcContract {
    @Override
    DataSource database() {
      return TestDatabases.postgres();
    }
  }

  @Nested
  class OnMariaDb extends JdbcContract {
    @Override
    DataSource database() {
      return TestDatabases.mariadb();
    }
  }

  @Nested
  class OnH2 extends JdbcContract {
    @Override
    DataSource database() {
      return TestDatabases.h2();
    }
  }

  /**
   * Events arriving together on PostgreSQL share one statement. The table is locked while the
   * first is stored, so the others queue behind it; then the rows' {@code xmin} tells which
   * were written by one transaction.
   */
  @Nested
  class ArrivingTogetherOnPostgreSql {

    private final ExecutorService receivers = Executors.newCachedThreadPool();
    private final TestDatabases.PostgresDatabase database = TestDatabases.postgresDatabase();
    private InboxStore store;

    @BeforeEach
    void createStore() {
      JdbcSchema.create(database.dataSource());
      store = JdbcInboxStore.builder(database.dataSource())
          .clock(Clock.fixed(Instant.parse("2026-11-30T09:00:00Z"), ZoneOffset.UTC)).build();
    }

    @AfterEach
    void stopReceivers() {
      receivers.shutdownNow();
    }

    private InboxEvent event(String id, String headerValue) {
      return InboxEvent.builder("billing", id, ("{\"id\":\"" + id + "\"}").getBytes(UTF_8))
          .eventType("invoice.paid").header("x-note", headerValue).build();
    }

    /** Stores {@code events} at once behind a first one the locked table holds up. */
    private List<Future<Boolean>> storeTogether(List<InboxEvent> events) throws Exception {
      List<Thread> threads = new CopyOnWriteArrayList<>();
      List<Future<Boolean>> results = new ArrayList<>();
      try (Connection lock = database.dataSource().getConnection()) {
        lock.setAutoCommit(false);
        try (Statement statement = lock.createStatement()) {
          statement.execute("LOCK TABLE hookmesh_inbox IN EXCLUSIVE MODE");
        }
        results.add(receivers.submit(() -> add(event("first", "-"), threads)));
        await().atMost(Duration.ofSeconds(20)).until(() -> waitingInserts(lock) == 1);
        for (InboxEvent event : events) {
          results.add(receivers.submit(() -> add(event, threads)));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> threads.size() == events.size() + 1
            && threads.stream().filter(ArrivingTogetherOnPostgreSql::queuedForTheWrite).count()
                == events.size());
        lock.commit();
      }
      return results;
    }

    /** Whether a thread is parked in the group commit's queue, not anywhere else. */
    private static boolean queuedForTheWrite(Thread thread) {
      Object blocker = LockSupport.getBlocker(thread);
      return blocker != null && blocker.getClass().getName().startsWith(
          "dev.hookmesh.jdbc.internal.GroupCommit$");
    }

    private boolean add(InboxEvent event, List<Thread> threads) {
      threads.add(Thread.currentThread());
      return store.add(event, null, "a", claimed -> { });
    }

    private long waitingInserts(Connection connection) throws SQLException {
      try (Statement statement = connection.createStatement();
          ResultSet result = statement.executeQuery("SELECT COUNT(*) FROM pg_stat_activity"
              + " WHERE wait_event_type = 'Lock' AND query LIKE 'INSERT INTO hookmesh_inbox%'")) {
        result.next();
        return result.getLong(1);
      }
    }

    /** How many transactions wrote the events with these ids. */
    private long writers(List<String> ids) throws SQLException {
      try (Connection connection = database.dataSource().getConnection();
          PreparedStatement query = connection.prepareStatement("SELECT COUNT(DISTINCT"
              + " xmin::text) FROM hookmesh_inbox WHERE message_id = ANY (?)")) {
        query.setArray(1, connection.createArrayOf("varchar", ids.toArray()));
        try (ResultSet result = query.executeQuery()) {
          result.next();
          return result.getLong(1);
        }
      }
    }

    @Test
    void shareOneStatementAndEachCallerLearnsWhetherItsEventIsNew() throws Exception {
      List<InboxEvent> events = List.of(event("a", "-"), event("b", "-"), event("a", "again"),
          event("c", "-"), event("first", "a redelivery"), event("b", "again"));

      List<Future<Boolean>> results = storeTogether(events);

      List<Boolean> added = new ArrayList<>();
      for (Future<Boolean> result : results) {
        added.add(result.get(20, TimeUnit.SECONDS));
      }
      assertThat(added.subList(1, added.size())).as("each id is new once")
          .containsExactlyInAnyOrder(true, true, true, false, false, false);
      assertThat(added.get(0)).isTrue();
      assertThat(store.stats().pending()).isEqualTo(4);
      assertThat(writers(List.of("a", "b", "c"))).as("one statement for the three").isOne();
      assertThat(store.find("billing", "a").orElseThrow().event().headers())
          .as("the first to arrive is kept whole")
          .containsEntry("x-note", List.of(added.get(1) ? "-" : "again"));
    }

    @Test
    void anEventTheDatabaseRefusesFailsAloneAndTheOthersAreStored() throws Exception {
      List<InboxEvent> events = List.of(event("a", "-"), event("nul", "a\u0000b"),
          event("b", "-"));

      List<Future<Boolean>> results = storeTogether(events);

      assertThat(results.get(0).get(20, TimeUnit.SECONDS)).isTrue();
      assertThat(results.get(1).get(20, TimeUnit.SECONDS)).isTrue();
      assertThatThrownBy(() -> results.get(2).get(20, TimeUnit.SECONDS))
          .hasCauseInstanceOf(JdbcFailure.class).cause()
          .hasMessageContaining("Could not store inbox events");
      assertThat(results.get(3).get(20, TimeUnit.SECONDS)).isTrue();
      assertThat(store.find("billing", "nul")).isEmpty();
      assertThat(store.stats().pending()).isEqualTo(3);
    }
  }

  abstract static class JdbcContract extends InboxStoreContract {

    abstract DataSource database();

    @Override
    protected InboxStore newStore() {
      DataSource database = database();
      JdbcSchema.create(database);
      return JdbcInboxStore.builder(database).clock(Clock.fixed(T0, ZoneOffset.UTC)).build();
    }
  }
}
