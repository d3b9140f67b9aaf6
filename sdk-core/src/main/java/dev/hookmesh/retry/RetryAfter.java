package dev.hookmesh.retry;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Reads a {@code Retry-After} header value (RFC 9110, section 10.2.3): delay-seconds or an
 * HTTP-date. A malformed value reads as absent; parsing never throws.
 */
final class RetryAfter {

  /** Statuses whose {@code Retry-After} a policy honours. */
  static final List<Integer> HONOURED_STATUSES = List.of(429, 503);

  // RFC 9110 section 5.6.7: obsolete RFC 850 form, weekday dropped before parsing.
  private static final DateTimeFormatter RFC_850 = new DateTimeFormatterBuilder()
      .parseCaseInsensitive()
      .appendPattern("dd-MMM-")
      .appendValueReduced(ChronoField.YEAR, 2, 2, 2000)
      .appendPattern(" HH:mm:ss 'GMT'")
      .toFormatter(Locale.US);

  // Obsolete asctime form: "Sun Nov  6 08:49:37 1994", always UTC.
  private static final DateTimeFormatter ASCTIME = new DateTimeFormatterBuilder()
      .parseCaseInsensitive()
      .appendPattern("EEE MMM ppd HH:mm:ss yyyy")
      .toFormatter(Locale.US);

  private RetryAfter() {
  }

  /**
   * The delay a {@code Retry-After} value asks for.
   *
   * @param value the header's value, or {@code null} when absent
   * @param now the current time, for HTTP-dates
   * @return the delay (zero for a date in the past; delay-seconds too large for a
   *     {@code long} saturate), or empty when the value is absent or malformed
   */
  static Optional<Duration> parse(@Nullable String value, Instant now) {
    if (value == null) {
      return Optional.empty();
    }
    String text = value.trim();
    if (text.isEmpty()) {
      return Optional.empty();
    }
    if (text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return Optional.of(Duration.ofSeconds(saturatedSeconds(text)));
    }
    Instant at = parseHttpDate(text, now);
    if (at == null) {
      return Optional.empty();
    }
    return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
  }

  private static long saturatedSeconds(String digits) {
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException tooLarge) {
      return Long.MAX_VALUE;
    }
  }

  private static @Nullable Instant parseHttpDate(String text, Instant now) {
    try {
      return ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (DateTimeException notImfFixdate) {
      // try the obsolete forms
    }
    int comma = text.indexOf(", ");
    if (comma > 0) {
      try {
        LocalDateTime parsed = LocalDateTime.parse(text.substring(comma + 2), RFC_850);
        // A two-digit year more than 50 years ahead means the previous century.
        int latestYear = now.atOffset(ZoneOffset.UTC).getYear() + 50;
        return (parsed.getYear() > latestYear ? parsed.minusYears(100) : parsed).toInstant(ZoneOffset.UTC);
      } catch (DateTimeException notRfc850) {
        return null;
      }
    }
    try {
      return LocalDateTime.parse(text, ASCTIME).toInstant(ZoneOffset.UTC);
    } catch (DateTimeException notAsctime) {
      return null;
    }
  }
}
