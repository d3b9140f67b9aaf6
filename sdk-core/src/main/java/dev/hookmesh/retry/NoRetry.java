package dev.hookmesh.retry;

/** {@link RetryPolicy#none()}: every delivery gets one attempt. */
enum NoRetry implements RetryPolicy {
  INSTANCE;

  @Override
  public RetryDecision decide(int attempt, AttemptOutcome outcome) {
    return RetryDecision.stop();
  }

  @Override
  public String toString() {
    return "RetryPolicy.none()";
  }
}
