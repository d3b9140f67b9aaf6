package dev.hookmesh.platform;

import java.util.Objects;

/**
 * A platform call that cannot be done as asked, with a machine-readable {@link Reason} that a
 * management API turns into its status: nothing was changed. The message says what was wrong
 * and how to put it right; it never holds a secret.
 */
public final class PlatformException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why the call was refused. */
  public enum Reason {
    /** No application, endpoint or event type has that id or name (for this application). */
    NOT_FOUND,
    /** Something with that id or name exists already. */
    ALREADY_EXISTS,
    /** An argument is not valid, such as a URL that is not absolute http or https. */
    INVALID,
    /** The message's event type is not in the catalog, or is archived. */
    UNKNOWN_EVENT_TYPE,
    /** The message's payload does not match its event type's JSON Schema. */
    INVALID_PAYLOAD
  }

  private final Reason reason;

  /**
   * Creates the exception.
   *
   * @param reason why the call was refused
   * @param message what was wrong, without secrets
   */
  public PlatformException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /**
   * Why the call was refused.
   *
   * @return the reason
   */
  public Reason reason() {
    return reason;
  }
}
