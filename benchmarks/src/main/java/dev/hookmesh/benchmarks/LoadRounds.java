package dev.hookmesh.benchmarks;

import dev.hookmesh.benchmarks.LoadGenerator.PhaseResult;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Closed-loop load on several targets of one application, measured fairly: each target is
 * warmed up once, then the targets are measured in turn, round after round, forwards then
 * backwards, so that drift in the machine's load spreads over all of them. Every phase is
 * checked: no request may fail, and every 2xx must have reached the code behind its target.
 */
final class LoadRounds {

  /**
   * What is measured.
   *
   * @param name its name in the report
   * @param path the path requests are posted to
   * @param handled how many requests have reached its code so far
   */
  record Target(String name, String path, LongSupplier handled) {}

  /** The run's settings, from {@code --name=value} arguments. */
  record Settings(int concurrency, Duration warmup, Duration measure, int rounds,
      long maxRequestsPerPhase) {

    static final List<String> NAMES =
        List.of("concurrency", "warmup", "measure", "rounds", "max-requests");

    static Settings parse(Map<String, String> given) {
      return new Settings(
          Integer.parseInt(given.getOrDefault("concurrency", "32")),
          seconds(given.getOrDefault("warmup", "8s")),
          seconds(given.getOrDefault("measure", "6s")),
          Integer.parseInt(given.getOrDefault("rounds", "5")),
          Long.parseLong(given.getOrDefault("max-requests", "2000000")));
    }

    static Duration seconds(String value) {
      return Duration.ofSeconds(Long.parseLong(value.endsWith("s")
          ? value.substring(0, value.length() - 1) : value));
    }
  }

  private final LoadGenerator load;
  private final Settings settings;
  private final List<Target> targets;
  private final @Nullable BenchServer database;
  private final Map<String, List<PhaseResult>> measured = new LinkedHashMap<>();
  private final Map<String, Duration[]> cpu = new LinkedHashMap<>();
  private boolean consistent = true;

  LoadRounds(LoadGenerator load, Settings settings, List<Target> targets) {
    this(load, settings, targets, null);
  }

  /**
   * Rounds that also measure the CPU time this JVM and a database server spend per request.
   *
   * @param database the server the application under load uses, or {@code null}
   */
  LoadRounds(LoadGenerator load, Settings settings, List<Target> targets,
      @Nullable BenchServer database) {
    this.load = load;
    this.settings = settings;
    this.targets = List.copyOf(targets);
    this.database = database;
  }

  /** Warms every target up, then runs the rounds; prints each phase as it ends. */
  LoadRounds run() throws InterruptedException {
    for (Target target : targets) {
      runChecked(target, settings.warmup(), "warm-up");
    }
    for (int round = 1; round <= settings.rounds(); round++) {
      List<Target> order = new ArrayList<>(targets);
      if (round % 2 == 0) {
        Collections.reverse(order); // a machine getting faster or slower favours no target
      }
      for (Target target : order) {
        Duration jvmBefore = BenchServer.jvmCpu();
        Map<Long, Duration> databaseBefore = database == null ? Map.of() : database.cpu();
        measured.computeIfAbsent(target.name(), t -> new ArrayList<>())
            .add(runChecked(target, settings.measure(), "round " + round));
        Duration[] used = cpu.computeIfAbsent(target.name(),
            t -> new Duration[] {Duration.ZERO, Duration.ZERO});
        used[0] = used[0].plus(BenchServer.jvmCpu().minus(jvmBefore));
        if (database != null) {
          used[1] = used[1].plus(database.cpuSince(databaseBefore));
        }
      }
    }
    return this;
  }

  /** Whether every phase passed its checks. */
  boolean consistent() {
    return consistent;
  }

  /** The rounds of one target. */
  List<PhaseResult> rounds(String target) {
    return measured.get(target);
  }

  private PhaseResult runChecked(Target target, Duration duration, String phase)
      throws InterruptedException {
    // Read between phases, when no request is in flight.
    long before = target.handled().getAsLong();
    PhaseResult result =
        load.run(target.name(), target.path(), duration, settings.maxRequestsPerPhase());
    long reached = target.handled().getAsLong() - before;
    boolean ok = reached == result.succeeded() && result.failed() == 0;
    consistent &= ok;
    System.out.printf(Locale.ROOT, "%-9s %-16s %8.0f req/s  %7d ok  %s%n", phase, target.name(),
        result.requestsPerSecond(), result.succeeded(),
        ok ? "checked" : "MISMATCH: reached code " + reached + ", failed by status "
            + result.failedByStatus() + ", I/O errors " + result.ioErrors());
    return result;
  }

  /** The targets' rates and latencies as a Markdown table, after the run's settings. */
  void printTable(String body, double loadBefore) {
    StringBuilder table = new StringBuilder()
        .append("| target | req/s per round | median req/s | p50 | p99 | CPU per request |\n")
        .append("|---|---|---:|---:|---:|---|\n");
    for (Target target : targets) {
      List<PhaseResult> rounds = measured.get(target.name());
      long[] latencies = rounds.stream().flatMapToLong(r -> Arrays.stream(r.latencyMicros()))
          .sorted().toArray();
      StringBuilder perRound = new StringBuilder();
      for (PhaseResult round : rounds) {
        perRound.append(perRound.length() == 0 ? "" : ", ")
            .append(String.format(Locale.ROOT, "%.0f", round.requestsPerSecond()));
      }
      long requests = rounds.stream().mapToLong(PhaseResult::succeeded).sum();
      Duration[] used = cpu.get(target.name());
      String perRequest = String.format(Locale.ROOT, "JVM %.0f µs", micros(used[0], requests))
          + (database == null ? "" : String.format(Locale.ROOT, ", PostgreSQL %.0f µs",
          micros(used[1], requests)));
      table.append(String.format(Locale.ROOT, "| %s `%s` | %s | %.0f | %s | %s | %s |%n",
          target.name(), target.path(), perRound, medianRate(target.name()),
          millis(percentile(latencies, 0.50)), millis(percentile(latencies, 0.99)), perRequest));
    }
    System.out.printf(Locale.ROOT, "%nconcurrency %d, warm-up %ds per target, %d rounds of %ds, "
            + "%s; 1-minute load average %.2f before, %.2f after%n%n%s%n",
        settings.concurrency(), settings.warmup().toSeconds(), settings.rounds(),
        settings.measure().toSeconds(), body, loadBefore, loadAverage(), table);
    System.out.println("| ratio | of the medians | per round | median of the rounds |");
    System.out.println("|---|---:|---|---:|");
  }

  /**
   * One target's rate over another's: of the two medians, and round by round, where the two
   * phases ran within seconds of each other and so saw much the same machine.
   */
  void printRatio(String of, String to) {
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
        medianRate(of) / medianRate(to), listed, median(perRound));
  }

  private double medianRate(String target) {
    return median(measured.get(target).stream().mapToDouble(PhaseResult::requestsPerSecond)
        .sorted().toArray());
  }

  static double median(double[] sorted) {
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  private static long percentile(long[] sorted, double fraction) {
    return sorted.length == 0 ? 0 : sorted[(int) Math.ceil(fraction * sorted.length) - 1];
  }

  private static double micros(Duration used, long requests) {
    return requests == 0 ? 0 : used.toNanos() / 1e3 / requests;
  }

  private static String millis(long micros) {
    return String.format(Locale.ROOT, "%.2f ms", micros / 1000.0);
  }

  /**
   * The settings of an application under load: Tomcat on a random loopback port with keep-alive
   * for the whole run (its default closes a connection every 100 requests), and quiet logs.
   */
  static Map<String, Object> applicationProperties() {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("server.address", "127.0.0.1");
    properties.put("server.port", 0);
    properties.put("server.tomcat.max-keep-alive-requests", -1);
    properties.put("spring.main.banner-mode", "off");
    properties.put("spring.main.log-startup-info", false);
    properties.put("logging.level.root", "warn");
    return properties;
  }

  static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
