package dev.hookmesh.spring.internal;

import dev.hookmesh.HeaderLookup;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Watches each received webhook from arrival to response. The Micrometer implementation turns
 * each into an observation; without Micrometer nothing is recorded.
 */
public interface ReceiptObserver {

  /** Records nothing. */
  ReceiptObserver NONE = (endpoint, headers) -> Receipt.IGNORED;

  /** No headers, for a request refused before they matter. */
  HeaderLookup NO_HEADERS = name -> List.of();

  /**
   * A webhook arrived.
   *
   * @param endpoint the endpoint's name
   * @param headers its headers, whose trace context ({@code traceparent}) the receipt continues
   * @return the receipt to complete once the response is decided
   */
  Receipt start(String endpoint, HeaderLookup headers);

  /**
   * An event stored in the inbox is about to be processed, on a worker.
   *
   * @param endpoint the endpoint's name
   * @param headers the headers stored with the event, whose trace context the receipt continues
   * @return the receipt to complete once the listeners have run
   */
  default Receipt process(String endpoint, HeaderLookup headers) {
    return Receipt.IGNORED;
  }

  /** One webhook being received. */
  @FunctionalInterface
  interface Receipt {

    /** Records nothing, and so needs no event type. */
    Receipt IGNORED = new Receipt() {
      @Override
      public void stop(String eventType, Outcome outcome, @Nullable Throwable error) {}

      @Override
      public boolean recordsEventType() {
        return false;
      }
    };

    /**
     * The response is decided.
     *
     * @param eventType the event type, or {@code unknown} before verification
     * @param outcome the outcome, see {@link Outcome}
     * @param error what a listener threw, if one did
     */
    void stop(String eventType, Outcome outcome, @Nullable Throwable error);

    /**
     * Makes this receipt current on this thread while listeners run, so what they observe, or
     * their spans, belong to the sender's trace.
     *
     * @return the scope, closed when the listeners have returned
     */
    default Scope openScope() {
      return Scope.NONE;
    }

    /**
     * Whether {@link #stop} records the event type. When nothing else needs it either, the
     * receiver does not read it, and passes {@code unknown}.
     *
     * @return {@code true} unless the receipt ignores the event type
     */
    default boolean recordsEventType() {
      return true;
    }
  }

  /** A receipt being current on a thread; closing it ends that. */
  @FunctionalInterface
  interface Scope extends AutoCloseable {

    /** No scope. */
    Scope NONE = () -> {};

    @Override
    void close();
  }

  /** How a received webhook ended; the lowercase name is the {@code outcome} tag value. */
  enum Outcome {
    /** Verified and every matching listener returned. */
    HANDLED,
    /** Verified, but no listener matches the event type. */
    UNHANDLED,
    /** Verified, and the message id was handled (or, for the inbox, stored) before. */
    DUPLICATE,
    /** Verified and stored in the inbox, to be handled in the background. */
    STORED,
    /**
     * Not verified, too large, not JSON where JSON was needed, from an address not allowed, or
     * over the endpoint's rate limit.
     */
    REJECTED,
    /** A listener threw, or the inbox could not store the event. */
    FAILED
  }
}
