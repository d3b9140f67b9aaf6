package dev.hookmesh.delivery;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Which of an application's stored messages to list, and in what order: every filter but the
 * application is optional.
 *
 * <pre>{@code
 * store.messages(MessageQuery.of("cust_42").eventType("invoice.paid").limit(50));
 * store.messages(MessageQuery.of("cust_42").after(lastCursor).oldestFirst());   // catching up
 * }</pre>
 *
 * @param applicationId the application the messages were published to
 * @param eventType only messages of this type, or {@code null} for all
 * @param from only messages stored at or after this time, or {@code null}
 * @param to only messages stored before this time, or {@code null}
 * @param after only messages past this cursor in the query's order, or {@code null}
 * @param limit the most messages returned, 1 to 1,000
 * @param ascending oldest first (for catching up) rather than newest first (for a log)
 */
public record MessageQuery(String applicationId, @Nullable String eventType,
    @Nullable Instant from, @Nullable Instant to, @Nullable MessageCursor after, int limit,
    boolean ascending) {

  /** The most messages one query returns. */
  public static final int MAX_LIMIT = 1_000;

  /** Validates the components. */
  public MessageQuery {
    Objects.requireNonNull(applicationId, "applicationId");
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("A page holds 1 to " + MAX_LIMIT + " messages, not "
          + limit);
    }
  }

  /**
   * The newest 100 messages of an application.
   *
   * @param applicationId the application
   * @return the query
   */
  public static MessageQuery of(String applicationId) {
    return new MessageQuery(applicationId, null, null, null, null, 100, false);
  }

  /**
   * Only messages of one event type.
   *
   * @param type the type, or {@code null} for all
   * @return a new query
   */
  public MessageQuery eventType(@Nullable String type) {
    return new MessageQuery(applicationId, type, from, to, after, limit, ascending);
  }

  /**
   * Only messages stored in a time range.
   *
   * @param start the earliest, inclusive, or {@code null}
   * @param end the latest, exclusive, or {@code null}
   * @return a new query
   */
  public MessageQuery between(@Nullable Instant start, @Nullable Instant end) {
    return new MessageQuery(applicationId, eventType, start, end, after, limit, ascending);
  }

  /**
   * Only messages past a cursor, in the query's order.
   *
   * @param cursor the cursor of the last message seen, or {@code null} to start at the top
   * @return a new query
   */
  public MessageQuery after(@Nullable MessageCursor cursor) {
    return new MessageQuery(applicationId, eventType, from, to, cursor, limit, ascending);
  }

  /**
   * At most so many messages.
   *
   * @param max 1 to 1,000
   * @return a new query
   */
  public MessageQuery limit(int max) {
    return new MessageQuery(applicationId, eventType, from, to, after, max, ascending);
  }

  /**
   * Oldest first, for a consumer catching up from a cursor.
   *
   * @return a new query
   */
  public MessageQuery oldestFirst() {
    return new MessageQuery(applicationId, eventType, from, to, after, limit, true);
  }

  /**
   * Whether a stored message matches the filters and comes after the cursor.
   *
   * @param stored the message
   * @return {@code true} if the query lists it
   */
  public boolean matches(StoredMessage stored) {
    if (!applicationId.equals(stored.message().application())
        || (eventType != null && !eventType.equals(stored.message().eventType()))
        || (from != null && stored.storedAt().isBefore(from))
        || (to != null && !stored.storedAt().isBefore(to))) {
      return false;
    }
    if (after == null) {
      return true;
    }
    int order = stored.cursor().storedAt().compareTo(after.storedAt());
    if (order == 0) {
      order = stored.message().id().compareTo(after.messageId());
    }
    return ascending ? order > 0 : order < 0;
  }
}
