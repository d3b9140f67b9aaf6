package dev.hookmesh.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.hookmesh.Endpoint;
import dev.hookmesh.WebhookClient;
import dev.hookmesh.delivery.DeliveryStore;
import dev.hookmesh.delivery.InMemoryDeliveryStore;
import dev.hookmesh.jdbc.JdbcDeliveryStore;
import dev.hookmesh.jdbc.JdbcSchema;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
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
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import javax.sql.DataSource;

/**
 * Durable delivery on PostgreSQL and MariaDB against the in-memory store, in one run: how many messages a
 * store commits per second, and how many deliveries per second reach a fast loopback receiver
 * with one and with two client instances on one database. A bounded load run with its own
 * {@code main}, not JMH:
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar dev.hookmesh.benchmarks.DurableDeliveryThroughput \
 *     --messages=20000 --max-phase=60s
 * }</pre>
 *
 * <p>The run starts an embedded PostgreSQL server (a real server process, from the jar) with
 * its defaults, which it prints: they include {@code fsync=off} and
 * {@code synchronous_commit=off}, which a production server does not have;
 * {@code --fsync=on --synchronous-commit=on} measures with durable commits. It also starts a
 * private MariaDB server ({@link BenchMariaDb}, Debian's {@code mariadbd}) with
 * {@code innodb_flush_log_at_trx_commit=0} to match, or {@code 1} with {@code --fsync=on};
 * {@code --databases=postgresql} leaves it out. Every PostgreSQL phase gets a fresh database, and every client its own store and its own
 * connection pool, as separate instances would. Each phase stops after {@code --messages}
 * messages or {@code --max-phase}, whichever comes first, and says which. Beside each rate it
 * reports the CPU time per message spent in this JVM and in the PostgreSQL server's processes,
 * which is where the time goes on a machine with few cores. It exits with status 1 if a phase
 * delivered fewer messages than it sent or left any pending.
 */
public final class DurableDeliveryThroughput {

  private static final String ENDPOINT_ID = "ep_bench";

  private final Settings settings;
  private final List<DatabaseServer> servers;
  private final FastReceiver receiver;
  private final Endpoint endpoint;
  private final List<Row> rows = new ArrayList<>();
  private boolean failed;

  private DurableDeliveryThroughput(Settings settings, List<DatabaseServer> servers,
      FastReceiver receiver) {
    this.settings = settings;
    this.servers = servers;
    this.receiver = receiver;
    this.endpoint = Endpoint.of(ENDPOINT_ID, receiver.url(), Senders.SECRET);
  }

  /** The run's settings, from {@code --name=value} arguments. */
  record Settings(int messages, Duration maxPhase, int concurrency, int poolSize,
      Map<String, String> serverConfig, List<String> databases) {

    static Settings parse(String[] args) {
      Map<String, String> given = RunArguments.parse(args,
          List.of("messages", "max-phase", "concurrency", "pool", "synchronous-commit", "fsync",
              "databases"),
          "--messages=20000 --max-phase=60s --concurrency=8 --pool=4"
              + " --synchronous-commit=on|off --fsync=on|off --databases=postgresql,mariadb");
      String maxPhase = given.getOrDefault("max-phase", "60s");
      return new Settings(
          Integer.parseInt(given.getOrDefault("messages", "20000")),
          Duration.ofSeconds(Long.parseLong(maxPhase.replace("s", ""))),
          Integer.parseInt(given.getOrDefault("concurrency", "8")),
          Integer.parseInt(given.getOrDefault("pool", "4")),
          serverConfig(given),
          List.of(given.getOrDefault("databases", "postgresql,mariadb").split(",")));
    }

    /** Durable commits: fsync and synchronous commit on for PostgreSQL, flushing MariaDB. */
    boolean durable() {
      return "on".equals(serverConfig.get("fsync"));
    }

    /** Server settings to override; the embedded server's own defaults otherwise. */
    private static Map<String, String> serverConfig(Map<String, String> given) {
      Map<String, String> config = new LinkedHashMap<>();
      for (String name : List.of("synchronous-commit", "fsync")) {
        if (given.containsKey(name)) {
          config.put(name.replace('-', '_'), given.get(name));
        }
      }
      return config;
    }
  }

  /** One measured phase. */
  record Row(String phase, String store, long messages, Duration elapsed, boolean capped,
      Cpu cpu, long transactions) {

    double perSecond() {
      return messages / (elapsed.toNanos() / 1e9);
    }

    Row withTransactions(long count) {
      return new Row(phase, store, messages, elapsed, capped, cpu, count);
    }
  }

  /** CPU time used during a phase, by this JVM and by the database server. */
  record Cpu(Duration jvm, Duration database) {}

  public static void main(String[] args) throws Exception {
    Settings settings = Settings.parse(args);
    // Logback's default is DEBUG to the console, and the embedded server logs all its output.
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
        org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(ch.qos.logback.classic.Level.WARN);
    List<DatabaseServer> servers = new ArrayList<>();
    try (FastReceiver receiver = new FastReceiver(8)) {
      if (settings.databases().contains("postgresql")) {
        servers.add(BenchServer.start(settings.serverConfig()));
      }
      if (settings.databases().contains("mariadb")) {
        servers.add(BenchMariaDb.start(settings.durable()));
      }
      DurableDeliveryThroughput run = new DurableDeliveryThroughput(settings, servers, receiver);
      run.describeServers();
      run.warmUp();
      run.measure();
      run.report();
      if (run.failed) {
        System.exit(1);
      }
    } finally {
      for (DatabaseServer server : servers) {
        server.close();
      }
    }
  }

  private void describeServers() throws SQLException {
    for (DatabaseServer server : servers) {
      System.out.println(server.describe());
    }
    System.out.printf("%d messages per phase at most, %d s at most per phase, concurrency %d"
        + " per client, %d pooled connections per client%n", settings.messages(),
        settings.maxPhase().toSeconds(), settings.concurrency(), settings.poolSize());
  }

  /** The same phases, smaller and not reported, so the JIT has compiled both paths. */
  private void warmUp() throws Exception {
    int warmUp = Math.max(1, settings.messages() / 10);
    enqueueLoop(new InMemoryDeliveryStore(), warmUp);
    sendAndDeliver(List.of(client(new InMemoryDeliveryStore())), warmUp);
    for (DatabaseServer server : servers) {
      try (Database database = new Database(server, createDatabase(server), 1)) {
        enqueueLoop(database.stores.get(0), warmUp);
        drain(database::clients, warmUp);
      }
    }
    rows.clear();
  }

  private void measure() throws Exception {
    int n = settings.messages();
    for (DatabaseServer server : servers) {
      databasePhase(server, "round trip (SELECT 1)", 1, 0,
          database -> () -> selectOne(database.pools.get(0), n));
    }
    rows.add(timed("enqueue (store.enqueue)", "memory",
        () -> enqueueLoop(new InMemoryDeliveryStore(), n), null));
    for (DatabaseServer server : servers) {
      databasePhase(server, "enqueue (store.enqueue)", 1, 0,
          database -> () -> enqueueLoop(database.stores.get(0), n));
    }
    rows.add(timed("send + deliver, 1 client", "memory",
        () -> sendAndDeliver(List.of(client(new InMemoryDeliveryStore())), n), null));
    for (DatabaseServer server : servers) {
      for (int instances = 1; instances <= 2; instances++) {
        databasePhase(server, "send + deliver, " + clients(instances), instances, 0,
            database -> () -> sendAndDeliver(database.clients(), n));
      }
    }
    InMemoryDeliveryStore memory = new InMemoryDeliveryStore();
    enqueueLoop(memory, n);
    rows.add(timed("drain a full queue, 1 client", "memory",
        () -> drain(() -> List.of(client(memory)), n), null));
    for (DatabaseServer server : servers) {
      for (int instances = 1; instances <= 2; instances++) {
        databasePhase(server, "drain a full queue, " + clients(instances), instances, n,
            database -> () -> drain(database::clients, n));
      }
    }
  }

  private static String clients(int instances) {
    return instances + (instances == 1 ? " client" : " clients");
  }

  /**
   * A phase on a fresh database, optionally filled first through a pool of its own, with the
   * transactions the phase committed counted by the server.
   */
  private void databasePhase(DatabaseServer server, String phase, int instances, int prefill,
      Function<Database, Phase> work) throws Exception {
    String name = createDatabase(server);
    if (prefill > 0) {
      try (HikariDataSource filler = server.pool(name, 1, "filler")) {
        enqueueLoop(JdbcDeliveryStore.builder(filler).build(), prefill);
      }
    }
    long before = server.transactions(name);
    Row row;
    try (Database database = new Database(server, name, instances)) {
      row = timed(phase, server.storeName(), work.apply(database), database);
    }
    rows.add(row.withTransactions(before < 0 ? -1 : server.transactions(name) - before));
  }

  /** A phase: returns how many messages it handled and whether it hit the time cap. */
  @FunctionalInterface
  private interface Phase {
    Count run() throws Exception;
  }

  private record Count(long messages, boolean capped) {}

  private Row timed(String phase, String store, Phase work, @Nullable Database database)
      throws Exception {
    Duration jvmBefore = BenchServer.jvmCpu();
    Map<Long, Duration> databaseBefore = database == null ? Map.of() : database.server.cpu();
    long start = System.nanoTime();
    Count count = work.run();
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    Cpu cpu = new Cpu(BenchServer.jvmCpu().minus(jvmBefore),
        database == null ? Duration.ZERO : database.server.cpuSince(databaseBefore));
    if (database != null && !count.capped()) {
      database.checkNothingPending(phase);
    }
    Row row = new Row(phase, store, count.messages(), elapsed, count.capped(), cpu, -1);
    System.out.printf(Locale.ROOT, "  %-32s %-10s %,7d in %6.2f s%n", phase, store,
        row.messages(), elapsed.toNanos() / 1e9);
    return row;
  }

  // ---- phases ----

  private Count selectOne(DataSource dataSource, int n) throws SQLException {
    long deadline = deadline();
    int done = 0;
    while (done < n && System.nanoTime() - deadline < 0) {
      try (Connection connection = dataSource.getConnection();
          Statement statement = connection.createStatement();
          ResultSet result = statement.executeQuery("SELECT 1")) {
        result.next();
      }
      done++;
    }
    return new Count(done, done < n);
  }

  private Count enqueueLoop(DeliveryStore store, int n) {
    long deadline = deadline();
    Instant due = Instant.now();
    int done = 0;
    while (done < n && System.nanoTime() - deadline < 0) {
      store.enqueue(Senders.message(), ENDPOINT_ID, due);
      done++;
    }
    return new Count(done, done < n);
  }

  /** Each client sends its share on a thread of its own; done when all have arrived. */
  private Count sendAndDeliver(List<WebhookClient> clients, int n) throws Exception {
    long before = receiver.received();
    long deadline = deadline();
    try {
      List<Thread> senders = new ArrayList<>();
      for (int i = 0; i < clients.size(); i++) {
        WebhookClient client = clients.get(i);
        int share = n / clients.size() + (i < n % clients.size() ? 1 : 0);
        Thread sender = new Thread(() -> {
          for (int sent = 0; sent < share && System.nanoTime() - deadline < 0; sent++) {
            client.send(endpoint, Senders.message());
          }
        }, "sender-" + i);
        sender.start();
        senders.add(sender);
      }
      for (Thread sender : senders) {
        sender.join(TimeUnit.NANOSECONDS.toMillis(Math.max(1, deadline - System.nanoTime())) + 1);
      }
      return awaitArrivals(before, n, deadline);
    } finally {
      clients.forEach(WebhookClient::close);
    }
  }

  /** Clients started on a store already holding {@code n} due deliveries. */
  private Count drain(Supplier<List<WebhookClient>> clients, int n) {
    long before = receiver.received();
    long deadline = deadline();
    List<WebhookClient> started = clients.get();
    try {
      return awaitArrivals(before, n, deadline);
    } finally {
      started.forEach(WebhookClient::close);
    }
  }

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

  // ---- clients and databases ----

  private WebhookClient client(DeliveryStore store) {
    return Senders.hookmeshBuilder(settings.concurrency())
        .store(store)
        .endpointResolver(id -> Optional.of(endpoint).filter(found -> found.id().equals(id)))
        .build();
  }

  private static String createDatabase(DatabaseServer server) throws Exception {
    return server.createDatabase("hookmesh_bench_", JdbcSchema::create);
  }

  /** A database with one pool and one store per client instance. */
  private final class Database implements AutoCloseable {

    final DatabaseServer server;
    final List<HikariDataSource> pools = new ArrayList<>();
    final List<JdbcDeliveryStore> stores = new ArrayList<>();

    Database(DatabaseServer server, String name, int instances) {
      this.server = server;
      for (int i = 0; i < instances; i++) {
        HikariDataSource pool = server.pool(name, settings.poolSize(), "client-" + i);
        pools.add(pool);
        stores.add(JdbcDeliveryStore.builder(pool).build());
      }
    }

    List<WebhookClient> clients() {
      return stores.stream().map(DurableDeliveryThroughput.this::client).toList();
    }

    void checkNothingPending(String phase) {
      long pending = stores.get(0).pendingCount();
      if (pending != 0 && !phase.startsWith("enqueue")) {
        System.out.println("  " + pending + " still pending after " + phase);
        failed = true;
      }
    }

    @Override
    public void close() {
      pools.forEach(HikariDataSource::close);
    }
  }

  // ---- report ----

  private void report() {
    System.out.println();
    System.out.println("| phase | store | messages | seconds | per second | vs memory"
        + " | JVM CPU µs/msg | database CPU µs/msg | transactions/msg |");
    System.out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|");
    for (Row row : rows) {
      String reference = rows.stream()
          .filter(other -> other.store().equals("memory")
              && kind(other.phase()).equals(kind(row.phase())))
          .findFirst()
          .map(memory -> String.format(Locale.ROOT, "%.3fx", row.perSecond() / memory.perSecond()))
          .orElse("—");
      boolean memory = row.store().equals("memory");
      System.out.printf(Locale.ROOT, "| %s | %s | %,d%s | %.2f | %,.0f | %s | %.0f | %s | %s |%n",
          row.phase(), row.store(), row.messages(), row.capped() ? " (time cap)" : "",
          row.elapsed().toNanos() / 1e9, row.perSecond(), memory ? "1x" : reference,
          row.cpu().jvm().toNanos() / 1e3 / row.messages(),
          memory ? "—" : String.format(Locale.ROOT, "%.0f",
              row.cpu().database().toNanos() / 1e3 / row.messages()),
          row.transactions() < 0 ? "—"
              : String.format(Locale.ROOT, "%.2f", (double) row.transactions() / row.messages()));
    }
  }

  /** A phase's kind without its client count, to find its in-memory reference. */
  private static String kind(String phase) {
    int comma = phase.indexOf(',');
    return comma < 0 ? phase : phase.substring(0, comma);
  }
}
