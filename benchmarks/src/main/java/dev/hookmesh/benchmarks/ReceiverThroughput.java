package dev.hookmesh.benchmarks;

import dev.hookmesh.WebhookSigner;
import dev.hookmesh.benchmarks.LoadGenerator.PhaseResult;
import dev.hookmesh.benchmarks.ReceiverApplication.HandledCounts;
import dev.hookmesh.benchmarks.ReceiverApplication.Target;
import dev.hookmesh.signature.HmacSecret;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Requests per second into a {@code @WebhookListener} endpoint with Standard Webhooks
 * verification on, against plain {@code @PostMapping} controllers in the same Spring Boot
 * application, under the same closed-loop load. JMH is not built for server throughput, so this
 * is a bounded load run with its own {@code main}:
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar dev.hookmesh.benchmarks.ReceiverThroughput \
 *     --concurrency=32 --warmup=8s --measure=6s --rounds=5
 * }</pre>
 *
 * <p>One JVM holds both the application (Tomcat on a random loopback port) and the load
 * generator ({@link LoadGenerator}), so both sides share the same cores and garbage collector
 * for every target alike. Each target is warmed up once, then the targets are measured in
 * turn, round after round, forwards then backwards, so that drift in the machine's load spreads
 * over all of them; the report gives each target's median round. The
 * run checks that every answered request reached the code behind its target: a 2xx from the
 * Hookmesh endpoint must be a verified, dispatched webhook, not a dropped duplicate. It exits
 * with status 1 if any request failed or any count disagrees.
 */
public final class ReceiverThroughput {

  private static final int BODY_SIZE = 1024;

  private ReceiverThroughput() {}

  /** The run's settings, from {@code --name=value} arguments. */
  record Settings(int concurrency, Duration warmup, Duration measure, int rounds,
      long maxRequestsPerPhase) {

    static Settings parse(String[] args) {
      Map<String, String> given = RunArguments.parse(args,
          List.of("concurrency", "warmup", "measure", "rounds", "max-requests"),
          "--concurrency=32 --warmup=8s --measure=6s --rounds=5 --max-requests=2000000");
      return new Settings(
          Integer.parseInt(given.getOrDefault("concurrency", "32")),
          seconds(given.getOrDefault("warmup", "8s")),
          seconds(given.getOrDefault("measure", "6s")),
          Integer.parseInt(given.getOrDefault("rounds", "5")),
          Long.parseLong(given.getOrDefault("max-requests", "2000000")));
    }

    private static Duration seconds(String value) {
      return Duration.ofSeconds(Long.parseLong(value.endsWith("s")
          ? value.substring(0, value.length() - 1) : value));
    }
  }

  /**
   * Runs the load and prints the results as a Markdown table.
   *
   * @param args {@code --concurrency=32 --warmup=8s --measure=6s --rounds=5
   *     --max-requests=2000000} (these are the defaults; max-requests bounds each phase)
   * @throws Exception if the application does not start or the load is interrupted
   */
  public static void main(String[] args) throws Exception {
    Settings settings = Settings.parse(args);
    double loadBefore = loadAverage();
    String secret = HmacSecret.generate().encode();
    byte[] body = Payloads.json(BODY_SIZE).getBytes(StandardCharsets.UTF_8);

    boolean consistent;
    try (ConfigurableApplicationContext app = start(secret);
        LoadGenerator load = new LoadGenerator(
            "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port"),
            settings.concurrency(), WebhookSigner.builder().key(secret).build(), body)) {
      HandledCounts handled = app.getBean(HandledCounts.class);
      Map<Target, List<PhaseResult>> measured = new EnumMap<>(Target.class);
      consistent = true;
      for (Target target : Target.values()) {
        consistent &= runChecked(load, handled, target, settings.warmup(), settings, "warm-up")
            .ok();
      }
      for (int round = 1; round <= settings.rounds(); round++) {
        for (Target target : inRoundOrder(round)) {
          Checked checked =
              runChecked(load, handled, target, settings.measure(), settings, "round " + round);
          consistent &= checked.ok();
          measured.computeIfAbsent(target, t -> new ArrayList<>()).add(checked.result());
        }
      }
      report(settings, measured, loadBefore, loadAverage());
    }
    System.exit(consistent ? 0 : 1);
  }

  /**
   * The targets forwards in odd rounds and backwards in even ones, so that a machine getting
   * steadily faster or slower during the run favours no target.
   */
  private static List<Target> inRoundOrder(int round) {
    List<Target> order = new ArrayList<>(List.of(Target.values()));
    if (round % 2 == 0) {
      Collections.reverse(order);
    }
    return order;
  }

  private static ConfigurableApplicationContext start(String secret) {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("server.address", "127.0.0.1");
    properties.put("server.port", 0);
    // Keep-alive for the whole run: Tomcat's default closes a connection every 100 requests.
    properties.put("server.tomcat.max-keep-alive-requests", -1);
    properties.put("spring.main.banner-mode", "off");
    properties.put("spring.main.log-startup-info", false);
    properties.put("logging.level.root", "warn");
    properties.put("hookmesh.receiver.endpoints.bench.secrets[0]", secret);
    properties.put("hookmesh.receiver.endpoints.bench-bytes.secrets[0]", secret);
    return new SpringApplicationBuilder(ReceiverApplication.class).properties(properties).run();
  }

  /** A phase's result, and whether it passed {@link #runChecked}'s checks. */
  private record Checked(PhaseResult result, boolean ok) {}

  /**
   * Runs one phase and prints it. It passes if no request failed and every 2xx reached the
   * target's code exactly once.
   */
  private static Checked runChecked(LoadGenerator load, HandledCounts handled,
      Target target, Duration duration, Settings settings, String phase)
      throws InterruptedException {
    // Read between phases, when no request is in flight.
    long before = handled.count(target);
    PhaseResult result = load.run(target, duration, settings.maxRequestsPerPhase());
    long reached = handled.count(target) - before;
    boolean ok = reached == result.succeeded() && result.failed() == 0;
    System.out.printf(Locale.ROOT, "%-9s %-16s %8.0f req/s  %7d ok  %s%n", phase, target,
        result.requestsPerSecond(), result.succeeded(),
        ok ? "checked" : "MISMATCH: reached code " + reached + ", failed by status "
            + result.failedByStatus() + ", I/O errors " + result.ioErrors());
    return new Checked(result, ok);
  }

  private static void report(Settings settings, Map<Target, List<PhaseResult>> measured,
      double loadBefore, double loadAfter) {
    Map<Target, Double> medians = new EnumMap<>(Target.class);
    StringBuilder table = new StringBuilder()
        .append("| target | req/s per round | median req/s | p50 | p99 |\n")
        .append("|---|---|---:|---:|---:|\n");
    for (Map.Entry<Target, List<PhaseResult>> entry : measured.entrySet()) {
      List<PhaseResult> rounds = entry.getValue();
      double[] rates = rounds.stream().mapToDouble(PhaseResult::requestsPerSecond).sorted()
          .toArray();
      double median = median(rates);
      medians.put(entry.getKey(), median);
      long[] latencies = rounds.stream().flatMapToLong(r -> Arrays.stream(r.latencyMicros()))
          .sorted().toArray();
      StringBuilder perRound = new StringBuilder();
      for (PhaseResult round : rounds) {
        perRound.append(perRound.length() == 0 ? "" : ", ")
            .append(String.format(Locale.ROOT, "%.0f", round.requestsPerSecond()));
      }
      table.append(String.format(Locale.ROOT, "| %s `%s` | %s | %.0f | %s | %s |%n",
          entry.getKey(), entry.getKey().path, perRound, median,
          millis(percentile(latencies, 0.50)), millis(percentile(latencies, 0.99))));
    }
    System.out.printf(Locale.ROOT, "%nconcurrency %d, warm-up %ds per target, %d rounds of %ds, "
            + "%d-byte body; 1-minute load average %.2f before, %.2f after%n%n%s%n",
        settings.concurrency(), settings.warmup().toSeconds(), settings.rounds(),
        settings.measure().toSeconds(), BODY_SIZE, loadBefore, loadAfter, table);
    System.out.println("| ratio | of the medians | per round | median of the rounds |");
    System.out.println("|---|---:|---|---:|");
    ratio(measured, medians, Target.HOOKMESH_RECORD, Target.PLAIN_BYTES);
    ratio(measured, medians, Target.HOOKMESH_RECORD, Target.PLAIN_RECORD);
    ratio(measured, medians, Target.HOOKMESH_BYTES, Target.PLAIN_BYTES);
    System.out.println("\nThe issue's goal: HOOKMESH_RECORD / PLAIN_BYTES >= 0.85");
  }

  /**
   * One target's rate over another's: of the two medians, and round by round, where the two
   * phases ran within seconds of each other and so saw much the same machine.
   */
  private static void ratio(Map<Target, List<PhaseResult>> measured,
      Map<Target, Double> medians, Target of, Target to) {
    List<PhaseResult> ofRounds = measured.get(of);
    List<PhaseResult> toRounds = measured.get(to);
    double[] perRound = new double[ofRounds.size()];
    StringBuilder listed = new StringBuilder();
    for (int i = 0; i < perRound.length; i++) {
      perRound[i] = ofRounds.get(i).requestsPerSecond() / toRounds.get(i).requestsPerSecond();
      listed.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", perRound[i]));
    }
    Arrays.sort(perRound);
    System.out.printf(Locale.ROOT, "| %s / %s | %.2fx | %s | %.2fx |%n", of, to,
        medians.get(of) / medians.get(to), listed, median(perRound));
  }

  private static double median(double[] sorted) {
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  private static long percentile(long[] sorted, double fraction) {
    return sorted.length == 0 ? 0 : sorted[(int) Math.ceil(fraction * sorted.length) - 1];
  }

  private static String millis(long micros) {
    return String.format(Locale.ROOT, "%.2f ms", micros / 1000.0);
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
