package dev.hookmesh.inbox;

/**
 * Processes an inbox event, on one of the inbox's workers. The Spring Boot starter's is the
 * application's {@code @WebhookListener} methods.
 *
 * <p>Returning means the event is processed. Throwing means this attempt failed: the inbox
 * tries again by its retry policy, or makes the event a dead letter, at once for an exception
 * that is (or is caused by) a {@link dev.hookmesh.retry.NonRetryableException}.
 */
@FunctionalInterface
public interface InboxHandler {

  /**
   * Processes an event.
   *
   * @param event the event
   * @throws Exception if it could not be processed
   */
  void handle(InboxEvent event) throws Exception;
}
