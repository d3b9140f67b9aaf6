package dev.hookmesh.benchmarks;

import dev.hookmesh.spring.WebhookListener;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The application {@link ReceiverThroughput} loads: one Spring MVC app with a Hookmesh endpoint
 * and plain controllers side by side, each counting what reached its code. Imports its beans
 * explicitly rather than scanning, so nothing else in the package becomes a bean.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ReceiverApplication.PlainController.class, ReceiverApplication.HookmeshListeners.class})
class ReceiverApplication {

  /** What is measured: a path and how the application handles it. */
  enum Target {
    /** The anchor: {@code @PostMapping} taking {@code @RequestBody byte[]}. */
    PLAIN_BYTES("/plain", false),
    /** {@code @PostMapping} binding the JSON body to {@link Invoice} with the app's mapper. */
    PLAIN_RECORD("/plain-record", false),
    /** Standard Webhooks verification, then a listener taking {@link Invoice}. */
    HOOKMESH_RECORD("/webhooks/bench", true),
    /** Standard Webhooks verification, then a listener taking the raw {@code byte[]}. */
    HOOKMESH_BYTES("/webhooks/bench-bytes", true);

    final String path;
    final boolean verified;

    Target(String path, boolean verified) {
      this.path = path;
      this.verified = verified;
    }
  }

  /** The 1 KiB event of {@link Payloads#json(int)}, bound in full. */
  record Invoice(String type, String timestamp, Data data) {
    record Data(String id, String customer, String currency, List<Line> lines, String note) {}

    record Line(String sku, int qty) {}
  }

  /** How many requests reached each target's code. */
  static final class HandledCounts {
    private final Map<Target, LongAdder> counts = new EnumMap<>(Target.class);

    HandledCounts() {
      for (Target target : Target.values()) {
        counts.put(target, new LongAdder());
      }
    }

    void handled(Target target) {
      counts.get(target).increment();
    }

    long count(Target target) {
      return counts.get(target).sum();
    }
  }

  @Bean
  HandledCounts handledCounts() {
    return new HandledCounts();
  }

  @RestController
  static class PlainController {
    private final HandledCounts counts;

    PlainController(HandledCounts counts) {
      this.counts = counts;
    }

    @PostMapping("/plain")
    void receive(@RequestBody byte[] body) {
      counts.handled(Target.PLAIN_BYTES);
    }

    @PostMapping("/plain-record")
    void receive(@RequestBody Invoice invoice) {
      counts.handled(Target.PLAIN_RECORD);
    }
  }

  static class HookmeshListeners {
    private final HandledCounts counts;

    HookmeshListeners(HandledCounts counts) {
      this.counts = counts;
    }

    @WebhookListener(endpoint = "bench")
    void onInvoice(Invoice invoice) {
      counts.handled(Target.HOOKMESH_RECORD);
    }

    @WebhookListener(endpoint = "bench-bytes")
    void onBytes(byte[] body) {
      counts.handled(Target.HOOKMESH_BYTES);
    }
  }
}
