package dev.hookmesh.benchmarks;

import dev.hookmesh.inbox.InboxActivity;
import dev.hookmesh.inbox.InboxListener;
import dev.hookmesh.spring.WebhookListener;
import java.util.concurrent.atomic.LongAdder;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The application {@link InboxThroughput} loads: an inbox endpoint, and beside it the anchor, a
 * plain {@code @RestController} that stores the same bytes with one JDBC statement, on the same
 * PostgreSQL pool. Imports its beans explicitly rather than scanning.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({InboxApplication.PlainInsert.class, InboxApplication.Listeners.class,
    InboxApplication.Counts.class})
class InboxApplication {

  /** What reached each target's code: rows the anchor inserted, events the inbox stored. */
  static final class Counts implements InboxListener {
    final LongAdder inserted = new LongAdder();
    final LongAdder stored = new LongAdder();
    final LongAdder processed = new LongAdder();

    @Override
    public void onActivity(InboxActivity activity) {
      if (activity.type() == InboxActivity.Type.RECEIVED) {
        stored.increment();
      } else if (activity.type() == InboxActivity.Type.PROCESSED) {
        processed.increment();
      }
    }
  }

  /** The anchor: what a team writes without a library, storing the body for later. */
  @RestController
  static class PlainInsert {
    private final JdbcTemplate jdbc;
    private final Counts counts;

    PlainInsert(JdbcTemplate jdbc, Counts counts) {
      this.jdbc = jdbc;
      this.counts = counts;
    }

    @PostMapping("/plain-insert")
    @ResponseStatus(HttpStatus.ACCEPTED)
    void receive(@RequestBody byte[] body) {
      jdbc.update("INSERT INTO plain_event (body, received_at) VALUES (?, now())", body);
      counts.inserted.increment();
    }
  }

  /** The inbox endpoint's listener: it binds nothing, so the work measured is the inbox's. */
  static class Listeners {
    @WebhookListener(endpoint = "inbox")
    void onEvent(byte[] body) {
      // processed
    }
  }
}
