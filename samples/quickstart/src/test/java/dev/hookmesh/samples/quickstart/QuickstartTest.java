package dev.hookmesh.samples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/** The quickstart's scenario, smaller, so that {@code ./mvnw verify} checks the demo works. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class QuickstartTest {

  @Autowired Quickstart quickstart;

  @Test
  void everyWebhookIsHandledExactlyOnceAndForgeriesAndDuplicatesAreTurnedAway() {
    QuickstartReport report = quickstart.run(60);

    assertThat(report.sent()).isEqualTo(60);
    assertThat(report.delivered()).isEqualTo(60);
    assertThat(report.listenerFailures()).isEqualTo(60 / OrderListener.FAIL_EVERY);
    assertThat(report.retriedAttempts()).isGreaterThanOrEqualTo(report.listenerFailures());
    assertThat(report.forgeriesSent()).isEqualTo(4);
    assertThat(report.forgeriesRejected()).isEqualTo(4);
    assertThat(report.duplicatesSent()).isEqualTo(4);
    assertThat(report.duplicatesDropped()).isEqualTo(4);
    assertThat(report.handledExactlyOnce()).isTrue();
    assertThat(report.ok()).isTrue();
    assertThat(report.table()).contains("RESULT: OK");
  }
}
