package dev.hookmesh.delivery;

import dev.hookmesh.WebhookMessage;
import java.time.Instant;
import java.util.Objects;

/**
 * A message as a store keeps it: with the time it was stored, which orders an application's
 * messages for paging and catching up.
 *
 * @param message the message
 * @param storedAt when it was stored
 */
public record StoredMessage(WebhookMessage message, Instant storedAt) {

  /** Validates the components. */
  public StoredMessage {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(storedAt, "storedAt");
  }

  /**
   * The place right after this message, to resume from.
   *
   * @return the cursor
   */
  public MessageCursor cursor() {
    return new MessageCursor(storedAt, message.id());
  }
}
