package dev.hookmesh.benchmarks;

import dev.hookmesh.WebhookSigner;
import dev.hookmesh.benchmarks.ReceiverApplication.HandledCounts;
import dev.hookmesh.benchmarks.ReceiverApplication.Target;
import dev.hookmesh.signature.HmacSecret;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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

  /**
   * Runs the load and prints the results as a Markdown table.
   *
   * @param args {@code --concurrency=32 --warmup=8s --measure=6s --rounds=5
   *     --max-requests=2000000} (these are the defaults; max-requests bounds each phase)
   * @throws Exception if the application does not start or the load is interrupted
   */
  public static void main(String[] args) throws Exception {
    LoadRounds.Settings settings = LoadRounds.Settings.parse(RunArguments.parse(args,
        LoadRounds.Settings.NAMES,
        "--concurrency=32 --warmup=8s --measure=6s --rounds=5 --max-requests=2000000"));
    double loadBefore = LoadRounds.loadAverage();
    String secret = HmacSecret.generate().encode();
    byte[] body = Payloads.json(BODY_SIZE).getBytes(StandardCharsets.UTF_8);

    boolean consistent;
    try (ConfigurableApplicationContext app = start(secret);
        LoadGenerator load = new LoadGenerator(
            "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port"),
            settings.concurrency(), WebhookSigner.builder().key(secret).build(), body)) {
      HandledCounts handled = app.getBean(HandledCounts.class);
      List<LoadRounds.Target> targets = new ArrayList<>();
      for (Target target : Target.values()) {
        targets.add(new LoadRounds.Target(target.name(), target.path,
            () -> handled.count(target)));
      }
      LoadRounds rounds = new LoadRounds(load, settings, targets).run();
      rounds.printTable(BODY_SIZE + "-byte body", loadBefore);
      rounds.printRatio("HOOKMESH_RECORD", "PLAIN_BYTES");
      rounds.printRatio("HOOKMESH_RECORD", "PLAIN_RECORD");
      rounds.printRatio("HOOKMESH_BYTES", "PLAIN_BYTES");
      System.out.println("\nThe issue's goal: HOOKMESH_RECORD / PLAIN_BYTES >= 0.85");
      consistent = rounds.consistent();
    }
    System.exit(consistent ? 0 : 1);
  }

  private static ConfigurableApplicationContext start(String secret) {
    Map<String, Object> properties = LoadRounds.applicationProperties();
    // The module has Spring JDBC for InboxThroughput; this application has no database.
    properties.put("spring.autoconfigure.exclude",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration");
    properties.put("hookmesh.receiver.endpoints.bench.secrets[0]", secret);
    properties.put("hookmesh.receiver.endpoints.bench-bytes.secrets[0]", secret);
    return new SpringApplicationBuilder(ReceiverApplication.class).properties(properties).run();
  }
}
