package dev.hookmesh.samples.sender;

import org.jspecify.annotations.Nullable;

/**
 * An order that was not placed; its transaction rolled back, taking the order row and its
 * webhook with it.
 */
public class OrderRejectedException extends RuntimeException {

  private final @Nullable String messageId;

  OrderRejectedException(String message, @Nullable String messageId) {
    super(message);
    this.messageId = messageId;
  }

  /**
   * The id of the webhook that was stored and rolled back, if it got that far.
   *
   * @return the message id, or {@code null}
   */
  public @Nullable String messageId() {
    return messageId;
  }
}
