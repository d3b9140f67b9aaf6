package dev.hookmesh.spring.internal;

import dev.hookmesh.retry.NonRetryableException;
import org.jspecify.annotations.Nullable;

/**
 * An inbox event that no retry can process: its body is not JSON where a listener needs JSON,
 * its payload does not bind to the listener's type, or its endpoint is no longer configured. The
 * inbox makes it a dead letter at once, with this message.
 */
final class NotProcessableException extends RuntimeException implements NonRetryableException {

  private static final long serialVersionUID = 1L;

  NotProcessableException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
