package dev.hookmesh.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.hookmesh.Endpoint;
import dev.hookmesh.benchmarks.Contender.Outbox;
import dev.hookmesh.benchmarks.DurableDeliveryThroughput.Cpu;
import dev.hookmesh.benchmarks.DurableDeliveryThroughput.Settings;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Durable webhook sending on PostgreSQL, Hookmesh beside two Java libraries that store work in
 * the database and run it later: db-scheduler and transaction-outbox. One run, one embedded
 * PostgreSQL server, the same loopback {@link FastReceiver}, the same signed 119-byte JSON body
 * and a concurrency of 8 for all three. A bounded load run with its own {@code main}, not JMH:
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar dev.hookmesh.benchmarks.OutboxComparison \
 *     --messages=20000 --max-phase=60s
 * }</pre>
 *
 * <p>It takes the arguments of {@link DurableDeliveryThroughput} ({@code --messages},
 * {@code --max-phase}, {@code --concurrency}, {@code --pool}, {@code --fsync},
 * {@code --synchronous-commit}), and {@code --runs=N}, which measures every phase N times after the
 * one warm-up and reports each run's table, then each phase's ratio run by run with their median.
 * It starts the server the same way (its defaults include {@code fsync=off};
 * {@code --fsync=on --synchronous-commit=on} measures durable commits) and measures the same way:
 * wall time, CPU time of this JVM and of the server's processes, and the transactions the server
 * counted in {@code pg_stat_database}, each phase on a fresh database with the contender's tables
 * and a pool of its own. Before each measurement the server is brought to rest
 * ({@link BenchServer#quiesce}: a checkpoint, and no autovacuum worker busy), and each database is
 * dropped once its phase is over, so no run pays for an earlier one's leftovers. Three phases, each
 * run for every contender in turn, after a warm-up pass of everything at the full size (a tenth
 * left the JIT still compiling the shared HTTP and JDBC code during the first contender's measured
 * phases):
 *
 * <ol>
 *   <li><b>enqueue</b>: one thread writes the messages, each in a transaction of its own, and
 *       nothing delivers them: Hookmesh's {@code JdbcDeliveryStore.enqueue}, db-scheduler's
 *       {@code SchedulerClient.scheduleIfNotExists} with no scheduler started, and
 *       transaction-outbox's {@code outbox.schedule(...).deliver(...)} inside
 *       {@code TransactionManager.inTransaction} with a submitter that drops the call.
 *   <li><b>send + deliver</b>: one thread sends while the library delivers, until every message
 *       has reached the receiver: Hookmesh's {@code WebhookClient.send} on a
 *       {@code JdbcDeliveryStore} (as {@code DurableDeliveryThroughput} builds it), and the
 *       anchors' own deliverers, whose task signs the body with {@link Senders#signer()} and
 *       posts it through one {@link Senders#bareOkHttp} client, failing on anything but 2xx.
 *   <li><b>drain</b>: the messages are written first, by the enqueue phase's writer; then the
 *       deliverer starts and the clock runs until all have arrived.
 * </ol>
 *
 * <p>A phase stops after {@code --messages} messages or {@code --max-phase}, whichever comes
 * first, and says which. The run exits with status 1 if a contender delivered a number of
 * messages other than it sent without hitting the time cap, or left any undelivered.
 *
 * <h2>How each anchor is set up, and the documentation behind it</h2>
 *
 * <p><b>db-scheduler</b> {@code com.github.kagkarlsson:db-scheduler} (version in the root POM),
 * from its README (github.com/kagkarlsson/db-scheduler, README.md) and docs/performance.md:
 *
 * <ul>
 *   <li>The {@code scheduled_tasks} table with the columns and indexes of the PostgreSQL
 *       definition the README's "Database compatibility" table links to, created by this run.
 *   <li>{@code threads(8)}, the concurrency ("Consider tuning": default 10).
 *   <li>{@code pollUsingLockAndFetch(1.0, 4.0)}: "If you are running &gt;1000 executions/s you
 *       might want to use the lock-and-fetch polling-strategy", and "for high throughput (i.e.
 *       keep threads busy), set to for example 1.0, 4.0" ("Polling strategy"); it saves an
 *       UPDATE per execution (docs/performance.md).
 *   <li>{@code pollingInterval(100 ms)} ("Consider tuning": default 10 s) and
 *       {@code enableImmediateExecution()}, so an execution scheduled for now wakes the local
 *       scheduler instead of waiting for the next poll ("Consider tuning"). The sender schedules
 *       through the running {@code Scheduler}, which is the client that hint comes from.
 *   <li>A one-time task ("One-time task"), one instance per message: the message id as the
 *       instance id, the body as its data, in the default Java serialization ("Serializers");
 *       a failed execution is retried in 5 minutes, the default ("Task configuration").
 *   <li>Messages are written with {@code SchedulerClient.scheduleIfNotExists(instance, now)},
 *       the non-deprecated name of {@code schedule(instance, time)}, on a client built with
 *       {@code SchedulerClient.Builder.create(dataSource, task)} ("Interacting with scheduled
 *       executions using the SchedulerClient"). It takes a connection from the pool for each call
 *       ("Things to note"), in auto-commit: it looks the instance up, then inserts it.
 *   <li>{@code shutdownMaxWait(10 s)}, which only bounds how long a stop waits.
 * </ul>
 *
 * <p><b>transaction-outbox</b> {@code com.gruelbox:transactionoutbox-core} (version in the root
 * POM), from its README (github.com/gruelbox/transaction-outbox, README.md at that release) and
 * the Javadoc of {@code ExecutorSubmitter} and {@code TransactionOutbox}:
 *
 * <ul>
 *   <li>{@code TransactionManager.fromDataSource(pool)} on a Hikari pool ("Basic
 *       Configuration": "allowing you to use a connection pooling DataSource such as Hikari").
 *   <li>{@code Persistor.forDialect(Dialect.POSTGRESQL_9)} ("Basic Configuration"; "selecting the
 *       right SQL dialect ensures that features such as SKIP LOCKED are used correctly",
 *       "Configuration reference"), whose migrations create {@code TXNO_OUTBOX} and
 *       {@code TXNO_VERSION} when an instance is built ("Why do I need it?").
 *   <li>{@code Instantiator.using(...)} returning the one delivery object, instead of a default
 *       constructor ("Basic Configuration").
 *   <li>{@code ExecutorSubmitter} on a {@code ThreadPoolExecutor} of 8 threads with a bounded
 *       {@code ArrayBlockingQueue} of 16,384 (Javadoc of {@code ExecutorSubmitter}: a bounded
 *       queue, "10000+"; the size of {@code Submitter.withDefaultExecutor()}) whose rejection
 *       handler makes the submitting thread wait for room, one of the three policies that
 *       Javadoc allows: a thrown or discarded call waits for a flush after the attempt
 *       frequency, two minutes by default, which is longer than a phase.
 *   <li>The default processing right after commit: "Immediately after the transaction is
 *       successfully committed, another thread will attempt to make the real call" ("Why do I
 *       need it?"); the call runs inside the transaction that locks and then deletes the entry.
 *   <li>A background thread that calls {@code flush()} until it finds nothing, then pauses
 *       100 ms ("Set up the background worker", which pauses a minute; {@code flush()} is what
 *       picks up a backlog). {@code flushBatchSize} 4096, {@code attemptFrequency} two minutes
 *       and {@code blockAfterAttempts} 5 are the defaults (Javadoc of
 *       {@code TransactionOutboxBuilder}).
 *   <li>A pool of {@code concurrency + 2} connections (at least {@code --pool}): each worker
 *       holds one for the length of its call, so fewer would cap its concurrency below 8.
 *   <li>The writer of the enqueue phase and of the drain's backlog is an instance whose
 *       submitter drops the call and that nothing flushes, with an attempt frequency of one second;
 *       the drain starts once the backlog is due for a flush, as it is after a deliverer has been
 *       down for longer than its attempt frequency.
 * </ul>
 */
public final class OutboxComparison {

  private static final String ENDPOINT_ID = "ep_bench";

  /** How often an anchor looks for due work when nothing woke it up. */
  private static final Duration POLLING_INTERVAL = Duration.ofMillis(100);

  private final Settings settings;
  private final BenchServer server;
  private final FastReceiver receiver;
  private final List<Contender> contenders;
  private final List<Row> rows = new ArrayList<>();
  private boolean failed;

  private OutboxComparison(Settings settings, BenchServer server, FastReceiver receiver) {
    this.settings = settings;
    this.server = server;
    this.receiver = receiver;
    Endpoint endpoint = Endpoint.of(ENDPOINT_ID, receiver.url(), Senders.SECRET);
    this.contenders = List.of(
        new HookmeshContender(endpoint, settings.concurrency()),
        new DbSchedulerAnchor(receiver.url(), settings.concurrency(), POLLING_INTERVAL),
        new TransactionOutboxAnchor(receiver.url(), settings.concurrency(), POLLING_INTERVAL));
  }

  /** The phases, in the order they run. */
  private enum Phase {
    ENQUEUE("enqueue"),
    SEND_AND_DELIVER("send + deliver"),
    DRAIN("drain a full queue");

    final String label;

    Phase(String label) {
      this.label = label;
    }
  }

  /** One measured phase of one contender. */
  private record Row(int pass, Phase phase, String contender, long messages, Duration elapsed,
      boolean capped, Cpu cpu, long transactions) {

    double perSecond() {
      return messages / (elapsed.toNanos() / 1e9);
    }
  }

  /** How many messages a phase handled, and whether it hit the time cap. */
  private record Count(long messages, boolean capped) {}

  public static void main(String[] args) throws Exception {
    int runs = 1;
    List<String> shared = new ArrayList<>();
    for (String arg : args) {
      if (arg.startsWith("--runs=")) {
        runs = Integer.parseInt(arg.substring("--runs=".length()));
        if (runs < 1) {
          throw new IllegalArgumentException("--runs takes a count of 1 or more, not " + runs);
        }
      } else {
        shared.add(arg);
      }
    }
    Settings settings = Settings.parse(shared.toArray(String[]::new));
    // Logback's default is DEBUG to the console; both anchors log every task at INFO or DEBUG.
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
        org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(ch.qos.logback.classic.Level.WARN);
    boolean failed;
    try (BenchServer server = BenchServer.start(settings.serverConfig());
        FastReceiver receiver = new FastReceiver(8)) {
      OutboxComparison run = new OutboxComparison(settings, server, receiver);
      run.describe();
      run.warmUp();
      for (int pass = 1; pass <= runs; pass++) {
        run.measure(pass);
      }
      for (int pass = 1; pass <= runs; pass++) {
        run.report(pass);
      }
      if (runs > 1) {
        run.reportMedians();
      }
      failed = run.failed;
    }
    // The anchors' threads are stopped, but nothing here should hold the JVM open.
    System.exit(failed ? 1 : 0);
  }

  private void describe() throws SQLException {
    System.out.println(server.describe());
    System.out.printf("%d messages per phase at most, %d s at most per phase, concurrency %d,"
        + " %d pooled connections unless said%n", settings.messages(),
        settings.maxPhase().toSeconds(), settings.concurrency(), settings.poolSize());
    for (Contender contender : contenders) {
      System.out.printf("  %s: %s; pool %d%n", contender.name(), contender.settings(),
          contender.poolSize(settings.poolSize()));
    }
  }

  /** Every phase of every contender at the full size, not reported, for the JIT. */
  private void warmUp() throws Exception {
    int size = settings.messages();
    System.out.println("warm-up");
    for (Phase phase : Phase.values()) {
      for (Contender contender : contenders) {
        run(0, phase, contender, size);
      }
    }
  }

  private void measure(int pass) throws Exception {
    System.out.println("measured, run " + pass);
    for (Phase phase : Phase.values()) {
      for (Contender contender : contenders) {
        rows.add(run(pass, phase, contender, settings.messages()));
      }
    }
  }

  /**
   * One phase of one contender on a fresh database, filled first for a drain, with the
   * transactions it committed counted by the server once its pool has closed.
   */
  private Row run(int pass, Phase phase, Contender contender, int n) throws Exception {
    String name = createDatabase(contender);
    if (phase == Phase.DRAIN) {
      fill(contender, name, n);
    }
    server.quiesce();
    long transactionsBefore = server.transactions(name);
    Count count;
    Duration elapsed;
    Cpu cpu;
    try (HikariDataSource pool = server.pool(name, contender.poolSize(settings.poolSize()),
        contender.name())) {
      Duration jvmBefore = BenchServer.jvmCpu();
      Map<Long, Duration> databaseBefore = server.cpu();
      long start = System.nanoTime();
      count = switch (phase) {
        case ENQUEUE -> enqueue(contender, pool, n);
        case SEND_AND_DELIVER -> sendAndDeliver(contender, pool, n);
        case DRAIN -> drain(contender, pool, n);
      };
      elapsed = Duration.ofNanos(System.nanoTime() - start);
      cpu = new Cpu(BenchServer.jvmCpu().minus(jvmBefore),
          server.cpuSince(databaseBefore));
    }
    long transactions = server.transactions(name) - transactionsBefore;
    Row row = new Row(pass, phase, contender.name(), count.messages(), elapsed, count.capped(),
        cpu, transactions);
    System.out.printf(Locale.ROOT, "  %-20s %-20s %,7d in %6.2f s%s%n", phase.label,
        contender.name(), row.messages(), elapsed.toNanos() / 1e9,
        row.capped() ? " (time cap)" : "");
    if (!row.capped()) {
      checkPending(phase, contender, name, row.messages());
    }
    server.dropDatabase(name);
    return row;
  }

  /**
   * After an enqueue every message is stored and none delivered; after the other phases none is
   * left. Counted after the phase's transactions, so the count is not among them.
   */
  private void checkPending(Phase phase, Contender contender, String database, long messages)
      throws Exception {
    long expected = phase == Phase.ENQUEUE ? messages : 0;
    long pending = contender.pending(server.database(database));
    if (pending != expected) {
      System.out.printf("  %s left %d undelivered after %s, expected %d%n", contender.name(),
          pending, phase.label, expected);
      failed = true;
    }
  }

  // ---- phases ----

  private Count enqueue(Contender contender, DataSource pool, int n) {
    long deadline = deadline();
    int done = 0;
    try (Outbox writer = contender.writer(pool)) {
      while (done < n && System.nanoTime() - deadline < 0) {
        writer.send();
        done++;
      }
    }
    return new Count(done, done < n);
  }

  /** One thread sends while the deliverer posts; done when all have arrived. */
  private Count sendAndDeliver(Contender contender, DataSource pool, int n) throws Exception {
    long before = receiver.received();
    long deadline = deadline();
    AtomicInteger sent = new AtomicInteger();
    AtomicReference<@Nullable Throwable> error = new AtomicReference<>();
    Outbox deliverer = contender.deliverer(pool);
    Thread sender = new Thread(() -> {
      try {
        while (sent.get() < n && System.nanoTime() - deadline < 0) {
          deliverer.send();
          sent.incrementAndGet();
        }
      } catch (RuntimeException e) {
        error.set(e);
      }
    }, "sender");
    try {
      sender.start();
      sender.join(TimeUnit.NANOSECONDS.toMillis(Math.max(1, deadline - System.nanoTime())) + 1);
      Throwable thrown = error.get();
      if (thrown != null) {
        System.out.println("  " + contender.name() + " failed to send: " + thrown);
        failed = true;
        return awaitArrivals(before, sent.get(), deadline);
      }
      return awaitArrivals(before, n, deadline);
    } finally {
      deliverer.close();
      // At the time cap the sender may be inside a send; it stops at its next check.
      sender.join(TimeUnit.SECONDS.toMillis(10));
    }
  }

  /** The deliverer started on a database already holding {@code n} due messages. */
  private Count drain(Contender contender, DataSource pool, int n) {
    long before = receiver.received();
    long deadline = deadline();
    Outbox deliverer = contender.deliverer(pool);
    try {
      return awaitArrivals(before, n, deadline);
    } finally {
      deliverer.close();
    }
  }

  /** Writes a drain's backlog through a pool of one connection, outside the measurement. */
  private void fill(Contender contender, String database, int n) {
    try (HikariDataSource filler = server.pool(database, 1, "filler");
        Outbox writer = contender.writer(filler)) {
      for (int i = 0; i < n; i++) {
        writer.send();
      }
    }
    LockSupport.parkNanos(contender.backlogDueAfter().toNanos());
  }

  /** Waits for {@code n} arrivals; any other number before the deadline fails the run. */
  private Count awaitArrivals(long before, int n, long deadline) {
    while (receiver.received() - before < n && System.nanoTime() - deadline < 0) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
    long arrived = receiver.received() - before;
    if (arrived != n && System.nanoTime() - deadline < 0) {
      failed = true;
    }
    return new Count(arrived, arrived < n);
  }

  private long deadline() {
    return System.nanoTime() + settings.maxPhase().toNanos();
  }

  private String createDatabase(Contender contender) throws Exception {
    return server.createDatabase("outbox_bench_", contender::createSchema);
  }

  // ---- report ----

  private void report(int pass) {
    System.out.println();
    System.out.println("run " + pass);
    System.out.println("| phase | contender | messages | seconds | per second"
        + " | Hookmesh ÷ faster anchor | JVM CPU µs/msg | PostgreSQL CPU µs/msg"
        + " | transactions/msg |");
    System.out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|");
    for (Row row : rows) {
      if (row.pass() != pass) {
        continue;
      }
      String ratio = row.contender().equals("hookmesh")
          ? String.format(Locale.ROOT, "%.2fx", ratio(row))
          : "—";
      System.out.printf(Locale.ROOT, "| %s | %s | %,d%s | %.2f | %,.0f | %s | %.0f | %.0f | %.2f |%n",
          row.phase().label, row.contender(), row.messages(), row.capped() ? " (time cap)" : "",
          row.elapsed().toNanos() / 1e9, row.perSecond(), ratio,
          row.cpu().jvm().toNanos() / 1e3 / row.messages(),
          row.cpu().database().toNanos() / 1e3 / row.messages(),
          (double) row.transactions() / row.messages());
    }
  }

  /**
   * Each phase's ratio in every run, and their median: one run's ratio carries the run-to-run
   * noise of three contenders on two cores.
   */
  private void reportMedians() {
    System.out.println();
    System.out.println("| phase | Hookmesh ÷ faster anchor, run by run | median |");
    System.out.println("|---|---|---:|");
    for (Phase phase : Phase.values()) {
      List<Double> ratios = rows.stream()
          .filter(row -> row.phase() == phase && row.contender().equals("hookmesh"))
          .map(this::ratio)
          .toList();
      List<Double> sorted = ratios.stream().sorted().toList();
      int middle = sorted.size() / 2;
      double median = sorted.size() % 2 == 1 ? sorted.get(middle)
          : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
      System.out.printf(Locale.ROOT, "| %s | %s | %.2fx |%n", phase.label,
          String.join(", ", ratios.stream()
              .map(ratio -> String.format(Locale.ROOT, "%.2fx", ratio)).toList()),
          median);
    }
  }

  /** Hookmesh's rate in a row's phase and run over the faster anchor's. */
  private double ratio(Row hookmesh) {
    double fastest = rows.stream()
        .filter(other -> other.pass() == hookmesh.pass() && other.phase() == hookmesh.phase()
            && other != hookmesh)
        .mapToDouble(Row::perSecond)
        .max()
        .orElseThrow();
    return hookmesh.perSecond() / fastest;
  }
}
