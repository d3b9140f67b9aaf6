package dev.hookmesh.benchmarks;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.hookmesh.WebhookMessage;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * db-scheduler in {@link OutboxComparison}: each message is an instance of a one-time task whose
 * id is the message id and whose data is the body, and the task posts it with {@link SignedPost}.
 * The settings, and where its documentation recommends each, are listed on
 * {@link OutboxComparison}.
 */
final class DbSchedulerAnchor implements Contender {

  /** Lower and upper limits of lock-and-fetch, as fractions of the thread count. */
  private static final double LOWER_LIMIT = 1.0;
  private static final double UPPER_LIMIT = 4.0;

  private static final TaskDescriptor<byte[]> WEBHOOK = TaskDescriptor.of("webhook", byte[].class);

  /**
   * The table db-scheduler reads and writes, with the columns and indexes of the PostgreSQL
   * definition its README links to (db-scheduler/src/test/resources/postgresql_tables.sql in
   * its repository), written out here.
   */
  private static final List<String> SCHEMA = List.of(
      "CREATE TABLE scheduled_tasks ("
          + " task_name TEXT NOT NULL,"
          + " task_instance TEXT NOT NULL,"
          + " task_data BYTEA,"
          + " execution_time TIMESTAMP WITH TIME ZONE NOT NULL,"
          + " picked BOOLEAN NOT NULL,"
          + " picked_by TEXT,"
          + " last_success TIMESTAMP WITH TIME ZONE,"
          + " last_failure TIMESTAMP WITH TIME ZONE,"
          + " consecutive_failures INT,"
          + " last_heartbeat TIMESTAMP WITH TIME ZONE,"
          + " version BIGINT NOT NULL,"
          + " priority SMALLINT,"
          + " PRIMARY KEY (task_name, task_instance))",
      "CREATE INDEX scheduled_tasks_execution_time ON scheduled_tasks (execution_time)",
      "CREATE INDEX scheduled_tasks_last_heartbeat ON scheduled_tasks (last_heartbeat)",
      "CREATE INDEX scheduled_tasks_priority_execution_time"
          + " ON scheduled_tasks (priority DESC, execution_time ASC)");

  private final String url;
  private final int concurrency;
  private final Duration pollingInterval;

  DbSchedulerAnchor(String url, int concurrency, Duration pollingInterval) {
    this.url = url;
    this.concurrency = concurrency;
    this.pollingInterval = pollingInterval;
  }

  @Override
  public String name() {
    return "db-scheduler";
  }

  @Override
  public String settings() {
    return String.format(Locale.ROOT, "threads %d, pollUsingLockAndFetch(%.1f, %.1f),"
        + " pollingInterval %d ms, enableImmediateExecution, Java serialization of the body,"
        + " one-time task (retry in 5 min on failure)", concurrency, LOWER_LIMIT, UPPER_LIMIT,
        pollingInterval.toMillis());
  }

  @Override
  public void createSchema(DataSource database) throws SQLException {
    try (Connection connection = database.getConnection();
        Statement statement = connection.createStatement()) {
      for (String ddl : SCHEMA) {
        statement.execute(ddl);
      }
    }
  }

  /**
   * A {@link SchedulerClient} and nothing that executes: the client takes a connection from the
   * pool for each call, as its README says, with the pool's auto-commit.
   */
  @Override
  public Outbox writer(DataSource pool) {
    SchedulerClient client = SchedulerClient.Builder.create(pool, task(null)).build();
    return new Outbox() {
      @Override
      public void send() {
        schedule(client);
      }

      @Override
      public void close() {}
    };
  }

  /**
   * A started {@link Scheduler}; messages go through it, itself a {@link SchedulerClient}, so
   * that immediate execution hears of each one.
   */
  @Override
  public Outbox deliverer(DataSource pool) {
    SignedPost post = new SignedPost(url, concurrency);
    Scheduler scheduler = Scheduler.create(pool, task(post))
        .threads(concurrency)
        .pollUsingLockAndFetch(LOWER_LIMIT, UPPER_LIMIT)
        .pollingInterval(pollingInterval)
        .enableImmediateExecution()
        // Only bounds how long stop() waits for executions under way; the default is 30 min.
        .shutdownMaxWait(Duration.ofSeconds(10))
        .build();
    scheduler.start();
    return new Outbox() {
      @Override
      public void send() {
        schedule(scheduler);
      }

      @Override
      public void close() {
        try {
          scheduler.stop();
        } finally {
          post.close();
        }
      }
    };
  }

  /**
   * {@code scheduleIfNotExists}: the name {@code schedule(TaskInstance, Instant)} is deprecated
   * for, with the same behaviour. It looks the instance up before inserting it.
   */
  private static void schedule(SchedulerClient client) {
    TaskInstance<byte[]> instance =
        WEBHOOK.instance(WebhookMessage.newId()).data(Senders.BODY).build();
    if (!client.scheduleIfNotExists(instance, Instant.now())) {
      throw new IllegalStateException("Not scheduled: " + instance.getId());
    }
  }

  /** The task; a writer's is never executed, so it has nothing to post with. */
  private static OneTimeTask<byte[]> task(@Nullable SignedPost post) {
    return Tasks.oneTime(WEBHOOK).execute((instance, context) -> {
      if (post == null) {
        throw new IllegalStateException("A writer delivers nothing");
      }
      post.post(instance.getId(), instance.getData());
    });
  }

  @Override
  public long pending(DataSource database) throws SQLException {
    try (Connection connection = database.getConnection();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT COUNT(*) FROM scheduled_tasks")) {
      result.next();
      return result.getLong(1);
    }
  }
}
