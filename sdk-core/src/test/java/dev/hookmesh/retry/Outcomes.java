package dev.hookmesh.retry;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Attempt outcomes for the tests. */
final class Outcomes {

  static final Duration TOOK = Duration.ofMillis(100);

  private Outcomes() {
  }

  static AttemptOutcome status(int status) {
    return AttemptOutcome.response(status, Map.of(), TOOK);
  }

  static AttemptOutcome status(int status, String retryAfter) {
    return AttemptOutcome.response(status, Map.of("Retry-After", List.of(retryAfter)), TOOK);
  }

  static AttemptOutcome error(Throwable error) {
    return AttemptOutcome.failure(error, TOOK);
  }
}
