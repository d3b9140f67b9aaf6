package dev.hookmesh.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.hookmesh.Endpoint;
import dev.hookmesh.WebhookClient;
import dev.hookmesh.WebhookSigner;
import dev.hookmesh.inbox.InboxEvent;
import dev.hookmesh.inbox.InboxTransactions;
import dev.hookmesh.inbox.WebhookInbox;
import dev.hookmesh.jdbc.JdbcDeliveryStore;
import dev.hookmesh.jdbc.JdbcInboxStore;
import dev.hookmesh.jdbc.JdbcSchema;
import dev.hookmesh.signature.HmacSecret;
import dev.hookmesh.spring.internal.SpringInboxTransactions;
import dev.hookmesh.spring.internal.SpringJdbcConnections;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * The inbox on a real PostgreSQL, in two parts, from one run:
 *
 * <ol>
 *   <li><b>Acknowledging.</b> Requests per second into an inbox endpoint (verified, stored,
 *       answered 202, processed in the background meanwhile) beside the anchor, a plain
 *       {@code @RestController} that stores the same bytes with one JDBC statement, in the same
 *       application on the same pool, under the same closed-loop load ({@link LoadRounds}),
 *       with p50 and p99 acknowledgement latency.
 *   <li><b>Draining.</b> Events processed per second by one instance's inbox from a stored
 *       backlog, with and without a transaction per event, beside the sender draining a backlog
 *       of the same size from its own queue to a local receiver.
 * </ol>
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar dev.hookmesh.benchmarks.InboxThroughput \
 *     --concurrency=32 --warmup=8s --measure=6s --rounds=5 --events=20000
 * }</pre>
 *
 * <p>It exits with status 1 if a request failed, a count disagrees, or a drain did not finish.
 */
public final class InboxThroughput {

  private static final int BODY_SIZE = 1024;
  private static final int POOL = 10;
  private static final int CONCURRENCY = 8;
  private static final String PLAIN = "PLAIN_INSERT";
  private static final String INBOX = "INBOX";

  private InboxThroughput() {}

  public static void main(String[] args) throws Exception {
    List<String> names = new ArrayList<>(LoadRounds.Settings.NAMES);
    names.addAll(List.of("events", "parts", "synchronous-commit", "fsync"));
    Map<String, String> given = RunArguments.parse(args, names,
        "--concurrency=32 --warmup=8s --measure=6s --rounds=5 --max-requests=2000000"
            + " --events=20000 --parts=ingest,processing,drain --synchronous-commit=on|off"
            + " --fsync=on|off");
    List<String> parts =
        List.of(given.getOrDefault("parts", "ingest,processing,drain").split(","));
    LoadRounds.Settings settings = LoadRounds.Settings.parse(given);
    int events = Integer.parseInt(given.getOrDefault("events", "20000"));
    Map<String, String> serverConfig = new LinkedHashMap<>();
    for (String name : List.of("synchronous-commit", "fsync")) {
      if (given.containsKey(name)) {
        serverConfig.put(name.replace('-', '_'), given.get(name));
      }
    }
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
        org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(ch.qos.logback.classic.Level.WARN);

    boolean ok;
    try (BenchServer server = BenchServer.start(serverConfig)) {
      System.out.println(server.describe());
      ok = true;
      if (parts.contains("ingest")) {
        ok &= acknowledging(server, settings, false);
      }
      if (parts.contains("processing")) {
        ok &= acknowledging(server, settings, true);
      }
      if (parts.contains("drain")) {
        ok &= draining(server, events);
      }
    }
    System.exit(ok ? 0 : 1);
  }

  /**
   * One application, the anchor and an inbox endpoint side by side. With {@code processing},
   * its workers process the stored events while the load runs, on the same cores and the same
   * pool; without, it is an ingest-only instance ({@code process-events=false}), and what is
   * measured is what acknowledging costs, as the anchor, which processes nothing either.
   */
  private static boolean acknowledging(BenchServer server, LoadRounds.Settings settings,
      boolean processing) throws Exception {
    System.out.println(processing
        ? "\n## Acknowledging, with the inbox's workers processing in the background\n"
        : "\n## Acknowledging only: an ingest-only instance\n");
    double loadBefore = LoadRounds.loadAverage();
    String database = server.createDatabase("inbox_accept", data -> {
      JdbcSchema.create(data);
      try (Connection connection = data.getConnection();
          Statement statement = connection.createStatement()) {
        statement.execute("CREATE TABLE plain_event (id BIGINT GENERATED BY DEFAULT AS IDENTITY"
            + " PRIMARY KEY, body BYTEA NOT NULL, received_at TIMESTAMPTZ NOT NULL)");
      }
    });
    String secret = HmacSecret.generate().encode();
    byte[] body = Payloads.json(BODY_SIZE).getBytes(StandardCharsets.UTF_8);
    Map<String, Object> properties = LoadRounds.applicationProperties();
    properties.put("spring.datasource.url", server.jdbcUrl(database));
    properties.put("spring.datasource.hikari.maximum-pool-size", POOL);
    properties.put("spring.datasource.hikari.minimum-idle", POOL);
    properties.put("hookmesh.sender.enabled", false);
    properties.put("hookmesh.receiver.inbox.concurrency", CONCURRENCY);
    properties.put("hookmesh.receiver.inbox.process-events", processing);
    properties.put("hookmesh.receiver.endpoints.inbox.secrets[0]", secret);
    properties.put("hookmesh.receiver.endpoints.inbox.processing", "inbox");

    try (ConfigurableApplicationContext app =
            new SpringApplicationBuilder(InboxApplication.class).properties(properties).run();
        LoadGenerator load = new LoadGenerator(
            "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port"),
            settings.concurrency(), WebhookSigner.builder().key(secret).build(), body)) {
      InboxApplication.Counts counts = app.getBean(InboxApplication.Counts.class);
      LoadRounds rounds = new LoadRounds(load, settings, List.of(
          new LoadRounds.Target(PLAIN, "/plain-insert", counts.inserted::sum),
          new LoadRounds.Target(INBOX, "/webhooks/inbox", counts.stored::sum)), server).run();
      rounds.printTable(BODY_SIZE + "-byte body, one pool of " + POOL + " connections"
          + (processing ? ", inbox concurrency " + CONCURRENCY + " processing meanwhile"
          : ", ingest-only"), loadBefore);
      rounds.printRatio(INBOX, PLAIN);
      System.out.println("\nThe issue's goal: INBOX / PLAIN_INSERT >= 0.8");
      if (!processing) {
        return rounds.consistent();
      }
      long stored = counts.stored.sum();
      boolean caughtUp = await(() -> counts.processed.sum() >= stored, Duration.ofMinutes(2));
      System.out.printf(Locale.ROOT, "The inbox processed all %d stored events: %s%n", stored,
          caughtUp ? "yes" : "NO, " + counts.processed.sum());
      return rounds.consistent() && caughtUp;
    }
  }

  private static boolean draining(BenchServer server, int events) throws Exception {
    System.out.printf(Locale.ROOT, "%n## Draining a backlog of %d, concurrency %d, pool of %d%n%n"
        + "| drain | events/s | elapsed |%n|---|---:|---:|%n", events, CONCURRENCY, POOL);
    boolean ok = true;
    for (boolean measured : new boolean[] {false, true}) {
      int size = measured ? events : Math.max(1000, events / 4);
      ok &= report(measured, "inbox, no transaction", drainInbox(server, size, false), size);
      ok &= report(measured, "inbox, a transaction per event", drainInbox(server, size, true),
          size);
      ok &= report(measured, "sender, to a local receiver", drainSender(server, size), size);
    }
    return ok;
  }

  private static boolean report(boolean measured, String name, @Nullable Duration elapsed,
      int size) {
    if (measured) {
      System.out.printf(Locale.ROOT, "| %s | %s | %s |%n", name,
          elapsed == null ? "DID NOT FINISH" : String.format(Locale.ROOT, "%.0f",
              size / (elapsed.toNanos() / 1e9)),
          elapsed == null ? "-" : elapsed.toMillis() + " ms");
    }
    return elapsed != null;
  }

  /** Stores a backlog with the inbox not started, then times its workers until it is empty. */
  private static @Nullable Duration drainInbox(BenchServer server, int size, boolean transactional)
      throws Exception {
    String database = server.createDatabase("inbox_drain", JdbcSchema::create);
    try (HikariDataSource pool = server.pool(database, POOL, "inbox")) {
      LongAdder processed = new LongAdder();
      WebhookInbox.Builder builder = WebhookInbox.builder(
              JdbcInboxStore.builder(new SpringJdbcConnections(pool)).build(),
              event -> processed.increment())
          .concurrency(CONCURRENCY)
          .deferStart();
      if (transactional) {
        InboxTransactions transactions =
            new SpringInboxTransactions(new DataSourceTransactionManager(pool));
        builder.transactions(transactions);
      }
      try (WebhookInbox inbox = builder.build()) {
        byte[] body = Senders.BODY;
        for (int i = 0; i < size; i++) {
          inbox.receive(InboxEvent.builder("bench", "msg_" + i, body)
              .eventType("invoice.paid").receivedAt(Instant.now()).build());
        }
        long start = System.nanoTime();
        inbox.start();
        boolean done = await(() -> processed.sum() >= size && inbox.stats().pending() == 0,
            Duration.ofMinutes(5));
        return done ? Duration.ofNanos(System.nanoTime() - start) : null;
      }
    }
  }

  /** Queues a backlog with no client running, then times a client until nothing is pending. */
  @SuppressWarnings("try") // the client delivers while it is open
  private static @Nullable Duration drainSender(BenchServer server, int size) throws Exception {
    String database = server.createDatabase("sender_drain", JdbcSchema::create);
    try (HikariDataSource pool = server.pool(database, POOL, "sender");
        FastReceiver receiver = new FastReceiver(CONCURRENCY)) {
      Endpoint endpoint = Senders.endpoint(receiver);
      JdbcDeliveryStore store = JdbcDeliveryStore.builder(pool).build();
      for (int i = 0; i < size; i++) {
        store.enqueue(Senders.message(), endpoint.id(), Instant.now());
      }
      long start = System.nanoTime();
      try (WebhookClient client = Senders.hookmeshBuilder(CONCURRENCY)
          .store(store)
          .endpointResolver(id -> Optional.of(endpoint).filter(found -> found.id().equals(id)))
          .build()) {
        boolean done = await(() -> store.pendingCount() == 0, Duration.ofMinutes(5));
        return done ? Duration.ofNanos(System.nanoTime() - start) : null;
      }
    }
  }

  private static boolean await(Condition condition, Duration atMost) {
    long deadline = System.nanoTime() + atMost.toNanos();
    while (System.nanoTime() - deadline < 0) {
      if (condition.holds()) {
        return true;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
    return condition.holds();
  }

  /** A condition polled while a phase runs. */
  @FunctionalInterface
  private interface Condition {
    boolean holds();
  }
}
