package dev.hookmesh.inbox;

/** Where an inbox event stands. */
public enum InboxStatus {
  /** Waiting to be processed, or to be tried again. */
  PENDING,
  /** Every listener handled it. */
  PROCESSED,
  /** A dead letter: it failed for good, and waits for a redrive. */
  DEAD
}
