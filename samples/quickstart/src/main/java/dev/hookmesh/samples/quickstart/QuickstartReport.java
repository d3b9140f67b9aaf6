package dev.hookmesh.samples.quickstart;

import java.time.Duration;
import java.util.Locale;

/**
 * What the quickstart observed.
 *
 * @param url where the webhooks were sent
 * @param sent webhooks sent through the WebhookClient
 * @param delivered deliveries that ended with a 2xx
 * @param listenerFailures first arrivals the flaky listener failed on purpose (answered 500)
 * @param retriedAttempts attempts after the first, over all deliveries
 * @param forgeriesSent requests signed with an unknown key
 * @param forgeriesRejected forged requests answered 401
 * @param duplicatesSent handled messages posted again, correctly signed
 * @param duplicatesDropped duplicates acknowledged with a 2xx without handling them again
 * @param handledExactlyOnce whether the listener handled every sent message exactly once
 * @param elapsed how long the demo took
 */
public record QuickstartReport(
    String url,
    int sent,
    int delivered,
    int listenerFailures,
    int retriedAttempts,
    int forgeriesSent,
    int forgeriesRejected,
    int duplicatesSent,
    int duplicatesDropped,
    boolean handledExactlyOnce,
    Duration elapsed) {

  /**
   * Whether everything went as it should: all delivered, every failure retried, every forgery
   * and duplicate turned away, and every message handled exactly once.
   *
   * @return {@code true} if so
   */
  public boolean ok() {
    return delivered == sent
        && retriedAttempts >= listenerFailures
        && forgeriesRejected == forgeriesSent
        && duplicatesDropped == duplicatesSent
        && handledExactlyOnce;
  }

  /**
   * The summary table the quickstart prints.
   *
   * @return the table, several lines
   */
  public String table() {
    String rule = "+" + "-".repeat(46) + "+" + "-".repeat(12) + "+\n";
    return "\nHookmesh quickstart: " + sent + " webhooks to " + url + "\n"
        + rule
        + row("sent through WebhookClient", sent)
        + row("delivered (2xx)", delivered)
        + row("listener failures on purpose (500)", listenerFailures)
        + row("retried attempts", retriedAttempts)
        + row("forged requests sent", forgeriesSent)
        + row("forged requests rejected (401)", forgeriesRejected)
        + row("duplicates replayed", duplicatesSent)
        + row("duplicates dropped (2xx, not re-handled)", duplicatesDropped)
        + row("handled exactly once", handledExactlyOnce ? "yes" : "NO")
        + row("elapsed", String.format(Locale.ROOT, "%.1f s", elapsed.toMillis() / 1000.0))
        + rule
        + (ok() ? "RESULT: OK" : "RESULT: FAILED") + "\n";
  }

  private static String row(String name, Object value) {
    return String.format(Locale.ROOT, "| %-44s | %10s |%n", name, value);
  }
}
