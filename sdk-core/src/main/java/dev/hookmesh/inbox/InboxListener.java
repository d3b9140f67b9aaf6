package dev.hookmesh.inbox;

/**
 * Hears what happens in an inbox: events received, processed, retried and dead-lettered. The
 * Spring Boot starter's counts them in Micrometer. A listener that throws is logged and ignored.
 */
@FunctionalInterface
public interface InboxListener {

  /** Hears nothing. */
  InboxListener NONE = activity -> { };

  /**
   * Hears one thing that happened.
   *
   * @param activity what happened
   */
  void onActivity(InboxActivity activity);
}
