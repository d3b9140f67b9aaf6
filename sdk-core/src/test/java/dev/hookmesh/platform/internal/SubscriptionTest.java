package dev.hookmesh.platform.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Event-type filters: names, and {@code *} matching any run of characters, dots included. */
class SubscriptionTest {

  @ParameterizedTest(name = "{0} ~ {1}: {2}")
  @CsvSource({
      "invoice.paid, invoice.paid, true",
      "invoice.paid, invoice.paid.late, false",
      "invoice.*, invoice.paid, true",
      "invoice.*, invoice.line.added, true",
      "invoice.*, invoice., true",
      "invoice.*, invoice, false",
      "invoice.*, invoices.paid, false",
      "*.paid, invoice.paid, true",
      "*.paid, invoice.paid.late, false",
      "a*b*c, abc, true",
      "a*b*c, a.x.b.y.c, true",
      "a*b*c, acb, false",
      "a*b*c, ac, false",
      "a*a, a, false",
      "a*a, aa, true",
      "**, anything.at.all, true",
      "*, anything, true"})
  void matchesEventTypes(String filter, String eventType, boolean expected) {
    assertThat(new Subscription(List.of(filter), Set.of()).matches(eventType, Set.of()))
        .isEqualTo(expected);
  }

  @ParameterizedTest(name = "channels {0}, published to {1}: {2}")
  @CsvSource({
      "'', '', true",
      "'', eu, true",
      "eu, '', false",
      "eu, eu, true",
      "eu, us, false",
      "eu;us, us, true"})
  void matchesChannels(String endpointChannels, String messageChannels, boolean expected) {
    assertThat(new Subscription(List.of(), split(endpointChannels))
        .matches("invoice.paid", split(messageChannels))).isEqualTo(expected);
  }

  private static Set<String> split(String channels) {
    return channels.isEmpty() ? Set.of() : Set.of(channels.split(";"));
  }
}
