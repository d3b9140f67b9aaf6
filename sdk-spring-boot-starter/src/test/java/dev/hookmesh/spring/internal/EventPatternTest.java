package dev.hookmesh.spring.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventPatternTest {

  @ParameterizedTest(name = "{0} matches {1}: {2}")
  @CsvSource({
      "invoice.paid, invoice.paid, true",
      "invoice.paid, invoice.paid.late, false",
      "invoice.paid, invoiceXpaid, false",
      "customer.*, customer.created, true",
      "customer.*, customer.subscription.deleted, true",
      "customer.*, customer, false",
      "*, anything.at.all, true",
      "*, '', true",
      "*.created, customer.created, true",
      "orders/*, orders/create, true",
      "a+b(c), a+b(c), true",
      "a+b(c), aab(c), false",
  })
  void globMatchesOnlyWhatItSays(String glob, String eventType, boolean matches) {
    Pattern pattern = ListenerMethod.glob(glob);

    assertThat(pattern.matcher(eventType).matches()).isEqualTo(matches);
  }
}
