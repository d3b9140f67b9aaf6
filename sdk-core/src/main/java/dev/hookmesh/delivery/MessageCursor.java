package dev.hookmesh.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Objects;

/**
 * A place in an application's messages: the time a message was stored and its id. It travels
 * as an opaque string ({@link #encode()}), which a consumer polling for missed webhooks keeps
 * and sends back to resume after that message.
 *
 * @param storedAt when the message was stored, to the microsecond
 * @param messageId the message's id, which orders messages stored in the same microsecond
 */
public record MessageCursor(Instant storedAt, String messageId) {

  /** Validates the components and truncates the time to microseconds, as databases keep it. */
  public MessageCursor {
    storedAt = Objects.requireNonNull(storedAt, "storedAt").truncatedTo(ChronoUnit.MICROS);
    Objects.requireNonNull(messageId, "messageId");
  }

  /**
   * The cursor as an opaque, URL-safe string.
   *
   * @return the string
   */
  public String encode() {
    long micros = ChronoUnit.MICROS.between(Instant.EPOCH, storedAt);
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString((micros + ":" + messageId).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Reads a cursor {@link #encode()} made.
   *
   * @param encoded the string
   * @return the cursor
   * @throws IllegalArgumentException if the string is not a cursor
   */
  public static MessageCursor parse(String encoded) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8);
      int colon = text.indexOf(':');
      if (colon > 0 && colon < text.length() - 1) {
        long micros = Long.parseLong(text.substring(0, colon));
        return new MessageCursor(Instant.EPOCH.plus(micros, ChronoUnit.MICROS),
            text.substring(colon + 1));
      }
    } catch (IllegalArgumentException | ArithmeticException e) {
      // not a cursor: said below
    }
    throw new IllegalArgumentException("Not a message cursor; pass back the cursor a page of"
        + " messages returned, unchanged");
  }
}
