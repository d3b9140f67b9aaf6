package dev.hookmesh.internal;

import java.time.Duration;
import java.util.Objects;
import okhttp3.HttpUrl;

/** Argument checks the builders share, with messages that name the setting. */
public final class Arguments {

  private Arguments() {}

  /**
   * Checks that a duration is positive.
   *
   * @param value the duration
   * @param name the setting's name, for the message
   * @return {@code value}
   * @throws IllegalArgumentException if it is zero or negative
   */
  public static Duration requirePositive(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
    return value;
  }

  /**
   * Checks that a request URL is an absolute {@code http} or {@code https} URL, without
   * repeating it in the message: it may carry a query token.
   *
   * @param url the URL
   * @return {@code url}
   * @throws IllegalArgumentException if it is not one
   */
  public static String requireHttpUrl(String url) {
    Objects.requireNonNull(url, "requestUrl");
    if (HttpUrl.parse(url) == null) {
      throw new IllegalArgumentException("The request URL must be an absolute http or https URL,"
          + " such as https://example.com/webhooks/twilio");
    }
    return url;
  }

  /**
   * Checks that a duration is not negative.
   *
   * @param value the duration
   * @param name the setting's name, for the message
   * @return {@code value}
   * @throws IllegalArgumentException if it is negative
   */
  public static Duration requireNotNegative(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, was " + value);
    }
    return value;
  }

  /**
   * Checks that a count is at least one.
   *
   * @param value the count
   * @param name the setting's name, for the message
   * @return {@code value}
   * @throws IllegalArgumentException if it is below one
   */
  public static int requireAtLeastOne(int value, String name) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, was " + value);
    }
    return value;
  }
}
