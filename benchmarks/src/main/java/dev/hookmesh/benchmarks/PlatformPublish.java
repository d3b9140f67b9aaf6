package dev.hookmesh.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.hookmesh.Endpoint;
import dev.hookmesh.WebhookClient;
import dev.hookmesh.WebhookMessage;
import dev.hookmesh.delivery.DeliveryStore;
import dev.hookmesh.delivery.InMemoryDeliveryStore;
import dev.hookmesh.jdbc.JdbcDeliveryStore;
import dev.hookmesh.jdbc.JdbcRegistryStore;
import dev.hookmesh.jdbc.JdbcSchema;
import dev.hookmesh.platform.ApplicationSpec;
import dev.hookmesh.platform.EncryptionKey;
import dev.hookmesh.platform.EncryptionKeys;
import dev.hookmesh.platform.EndpointSpec;
import dev.hookmesh.platform.EventTypeSpec;
import dev.hookmesh.platform.InMemoryRegistryStore;
import dev.hookmesh.platform.RegistryStore;
import dev.hookmesh.platform.WebhookPublisher;
import dev.hookmesh.platform.WebhookRegistry;
import dev.hookmesh.platform.internal.SecretCipher;
import dev.hookmesh.signature.HmacSecret;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The platform's publish beside the client's own fan-out, from one run:
 *
 * <ol>
 *   <li><b>Throughput.</b> Messages per second through {@code publisher.publish(app, message)}
 *       to an application with 10 subscribed endpoints, beside
 *       {@code client.send(those 10 endpoints, message)} on the same store, from 4 caller
 *       threads, timed from the first call until the receiver on 127.0.0.1 has every delivery.
 *       In memory and on an embedded PostgreSQL; the two are measured in turn, round after
 *       round, and the medians compared.
 *   <li><b>At scale.</b> 10,000 applications of 10 endpoints each (100,000 registrations) in
 *       PostgreSQL: the latency of a publish to an application not cached yet and to one
 *       cached, p50 and p99, and the heap each cached registration takes.
 * </ol>
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar dev.hookmesh.benchmarks.PlatformPublish \
 *     --messages=2000 --rounds=3 --applications=10000 --sampled=1000
 * }</pre>
 *
 * <p>It exits with status 1 if a delivery is missing or a phase runs past its time limit.
 */
public final class PlatformPublish {

  private static final int ENDPOINTS = 10;
  private static final int CALLERS = 4;
  private static final Duration PHASE_LIMIT = Duration.ofSeconds(120);
  private static final EncryptionKeys KEYS = EncryptionKeys.of(EncryptionKey.generate("bench"));

  private final FastReceiver receiver;
  private final AtomicLong ids = new AtomicLong();
  private boolean failed;

  private PlatformPublish(FastReceiver receiver) {
    this.receiver = receiver;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> given = RunArguments.parse(args,
        List.of("messages", "rounds", "applications", "sampled"),
        "--messages=2000 --rounds=3 --applications=10000 --sampled=1000");
    int messages = Integer.parseInt(given.getOrDefault("messages", "2000"));
    int rounds = Integer.parseInt(given.getOrDefault("rounds", "3"));
    int applications = Integer.parseInt(given.getOrDefault("applications", "10000"));
    int sampled = Integer.parseInt(given.getOrDefault("sampled", "1000"));
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
        org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(ch.qos.logback.classic.Level.WARN);
    try (BenchServer server = BenchServer.start(Map.of("fsync", "off"));
        FastReceiver receiver = new FastReceiver(8)) {
      System.out.println(server.describe());
      PlatformPublish run = new PlatformPublish(receiver);
      run.throughput("memory", new InMemoryDeliveryStore(), new InMemoryRegistryStore(),
          messages, rounds);
      try (HikariDataSource pool = server.pool(
          server.createDatabase("publish", JdbcSchema::create), 10, "throughput")) {
        run.throughput("postgresql", JdbcDeliveryStore.builder(pool).build(),
            JdbcRegistryStore.builder(pool).build(), messages, rounds);
      }
      try (HikariDataSource pool = server.pool(
          server.createDatabase("scale", JdbcSchema::create), 10, "scale")) {
        run.atScale(pool, applications, sampled);
      }
      if (run.failed) {
        System.exit(1);
      }
    }
  }

  // Throughput

  private void throughput(String storeName, DeliveryStore store, RegistryStore registryStore,
      int messages, int rounds) throws Exception {
    WebhookRegistry registry = WebhookRegistry.builder(registryStore, KEYS)
        .deliveryStore(store).build();
    registry.defineEventType(EventTypeSpec.builder("invoice.paid").build());
    registry.createApplication(ApplicationSpec.builder("Acme").id("acme").build());
    for (int i = 0; i < ENDPOINTS; i++) {
      registry.createEndpoint("acme", EndpointSpec.builder(receiver.url() + "?e=" + i)
          .eventTypes("invoice.*").build());
    }
    List<Endpoint> endpoints = registry.subscribers("acme", "invoice.paid", Set.of());
    try (WebhookClient client = Senders.hookmeshBuilder(8).store(store)
        .endpointResolver(registry).build()) {
      WebhookPublisher publisher = WebhookPublisher.builder(registry, client).build();
      Consumer<WebhookMessage> send = message -> client.send(endpoints, message);
      Consumer<WebhookMessage> publish = message -> publisher.publish("acme", message);
      phase(send, messages / 4); // warm-up
      phase(publish, messages / 4);
      List<Double> sent = new ArrayList<>();
      List<Double> published = new ArrayList<>();
      for (int round = 0; round < rounds; round++) {
        boolean sendFirst = round % 2 == 0;
        (sendFirst ? sent : published).add(phase(sendFirst ? send : publish, messages));
        (sendFirst ? published : sent).add(phase(sendFirst ? publish : send, messages));
      }
      double send50 = median(sent);
      double publish50 = median(published);
      System.out.printf("%s: send(10 endpoints) %s msg/s, publish(app of 10) %s msg/s,"
          + " median of %d: ratio %.2fx (rounds: send %s, publish %s)%n", storeName,
          whole(send50), whole(publish50), rounds, publish50 / send50, wholes(sent),
          wholes(published));
    }
  }

  /** Runs {@code messages} calls from {@link #CALLERS} threads; messages per second. */
  private double phase(Consumer<WebhookMessage> call, int messages) throws Exception {
    long expected = receiver.received() + (long) messages * ENDPOINTS;
    ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
    long start = System.nanoTime();
    List<Future<?>> done = new ArrayList<>();
    for (int c = 0; c < CALLERS; c++) {
      int share = messages / CALLERS + (c < messages % CALLERS ? 1 : 0);
      done.add(callers.submit(() -> {
        for (int i = 0; i < share; i++) {
          call.accept(WebhookMessage.builder("invoice.paid").id("m" + ids.incrementAndGet())
              .body(Senders.BODY, "application/json").build());
        }
      }));
    }
    for (Future<?> caller : done) {
      caller.get(PHASE_LIMIT.toSeconds(), TimeUnit.SECONDS);
    }
    callers.shutdown();
    long deadline = start + PHASE_LIMIT.toNanos();
    while (receiver.received() < expected && System.nanoTime() - deadline < 0) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (receiver.received() < expected) {
      System.out.printf("FAILED: %,d deliveries missing after %s%n",
          expected - receiver.received(), PHASE_LIMIT);
      failed = true;
    }
    return messages / seconds;
  }

  // At scale

  private void atScale(HikariDataSource pool, int applications, int sampled) throws Exception {
    long seeding = System.nanoTime();
    seed(pool, applications);
    System.out.printf("seeded %,d applications with %,d endpoints each in %.1f s%n",
        applications, ENDPOINTS, (System.nanoTime() - seeding) / 1e9);
    JdbcDeliveryStore store = JdbcDeliveryStore.builder(pool).build();
    WebhookRegistry registry = WebhookRegistry.builder(JdbcRegistryStore.builder(pool).build(),
        KEYS).deliveryStore(store).build();
    registry.defineEventType(EventTypeSpec.builder("invoice.paid").build());
    try (WebhookClient client = Senders.hookmeshBuilder(8).store(store)
        .endpointResolver(registry).build()) {
      WebhookPublisher publisher = WebhookPublisher.builder(registry, client).build();
      List<String> chosen = new ArrayList<>();
      for (int a = 0; a < applications; a++) {
        chosen.add("app_" + a);
      }
      Collections.shuffle(chosen, new Random(7));
      chosen = chosen.subList(0, Math.min(sampled, applications));
      long[] cold = latencies(publisher, chosen);
      long[] warm = latencies(publisher, chosen);
      long expected = (long) chosen.size() * 2 * ENDPOINTS;
      long deadline = System.nanoTime() + PHASE_LIMIT.toNanos();
      while (receiver.received() < expected && System.nanoTime() - deadline < 0) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
      }
      System.out.printf("publish latency with %,d registered endpoints, %,d applications"
          + " sampled: not cached p50 %s p99 %s; cached p50 %s p99 %s%n",
          applications * ENDPOINTS, chosen.size(), micros(cold, 50), micros(cold, 99),
          micros(warm, 50), micros(warm, 99));

      MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
      WebhookRegistry fresh = WebhookRegistry.builder(JdbcRegistryStore.builder(pool).build(),
          KEYS).build();
      long before = usedAfterGc(memory);
      for (int a = 0; a < applications; a++) {
        fresh.subscribers("app_" + a, "invoice.paid", Set.of());
      }
      long after = usedAfterGc(memory);
      System.out.printf("heap per cached registration: %,d bytes (%,d registrations, heap used"
          + " after GC %,d -> %,d bytes)%n", (after - before) / ((long) applications * ENDPOINTS),
          applications * ENDPOINTS, before, after);
      if (fresh.subscribers("app_0", "invoice.paid", Set.of()).size() != ENDPOINTS) {
        failed = true; // and keeps the cache reachable until measured
      }
    }
  }

  private long[] latencies(WebhookPublisher publisher, List<String> applications) {
    long[] nanos = new long[applications.size()];
    for (int i = 0; i < nanos.length; i++) {
      WebhookMessage message = WebhookMessage.builder("invoice.paid")
          .id("m" + ids.incrementAndGet()).body(Senders.BODY, "application/json").build();
      long start = System.nanoTime();
      publisher.publish(applications.get(i), message);
      nanos[i] = System.nanoTime() - start;
    }
    Arrays.sort(nanos);
    return nanos;
  }

  /** Applications {@code app_0..} with 10 endpoints each, every one on the fast receiver. */
  private void seed(HikariDataSource pool, int applications) throws SQLException {
    SecretCipher cipher = new SecretCipher(KEYS);
    Timestamp now = Timestamp.from(Instant.now());
    try (Connection connection = pool.getConnection()) {
      connection.setAutoCommit(false);
      try (PreparedStatement app = connection.prepareStatement("INSERT INTO hookmesh_application"
          + " (id, name, rate_limit, metadata, created_at, updated_at)"
          + " VALUES (?, ?, NULL, '{}', ?, ?)");
          PreparedStatement endpoint = connection.prepareStatement("INSERT INTO"
              + " hookmesh_app_endpoint (id, application_id, url, description, event_types,"
              + " channels, headers, rate_limit, metadata, enabled, ordered, key_type, secret,"
              + " previous_secret, previous_expires_at, created_at, updated_at) VALUES"
              + " (?, ?, ?, '', '[\"invoice.*\"]', '[]', '{}', NULL, '{}', TRUE, FALSE, 'HMAC',"
              + " ?, NULL, NULL, ?, ?)")) {
        for (int a = 0; a < applications; a++) {
          app.setString(1, "app_" + a);
          app.setString(2, "Customer " + a);
          app.setTimestamp(3, now);
          app.setTimestamp(4, now);
          app.addBatch();
          for (int e = 0; e < ENDPOINTS; e++) {
            String id = "ep_" + a + "_" + e;
            endpoint.setString(1, id);
            endpoint.setString(2, "app_" + a);
            endpoint.setString(3, receiver.url() + "?e=" + id);
            endpoint.setString(4, cipher.encrypt(id, HmacSecret.generate().encode()));
            endpoint.setTimestamp(5, now);
            endpoint.setTimestamp(6, now);
            endpoint.addBatch();
          }
          if (a % 1_000 == 999 || a == applications - 1) {
            app.executeBatch();
            endpoint.executeBatch();
          }
        }
      }
      connection.commit();
    }
  }

  private static long usedAfterGc(MemoryMXBean memory) {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1 ? sorted.get(middle)
        : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
  }

  private static String micros(long[] sortedNanos, int percentile) {
    int index = Math.min(sortedNanos.length - 1,
        (int) Math.ceil(percentile / 100.0 * sortedNanos.length) - 1);
    return String.format("%.0f µs", sortedNanos[Math.max(0, index)] / 1e3);
  }

  private static String whole(double value) {
    return String.format("%,.0f", value);
  }

  private static String wholes(List<Double> values) {
    return values.stream().map(PlatformPublish::whole).toList().toString();
  }
}
