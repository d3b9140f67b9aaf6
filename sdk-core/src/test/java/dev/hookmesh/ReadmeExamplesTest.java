package dev.hookmesh;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The example of README.md, compiled and run. */
class ReadmeExamplesTest {

  @Test
  void readmeSignAndVerify() {
    // docs:readme
    // The sender: sign the exact bytes you are about to POST.
    WebhookSigner signer = WebhookSigner.builder()
        .key("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
        .build();
    byte[] body = "{\"type\":\"invoice.paid\",\"amount\":4200}".getBytes(StandardCharsets.UTF_8);
    Map<String, String> headers = signer.sign("msg_2KWPBgLlAfxdpx2AI54pPJ85f4W", body);

    // The receiver: verify the raw bytes before parsing anything.
    WebhookVerifier verifier = WebhookVerifier.builder()
        .key("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
        .build();
    try {
      WebhookEvent event = verifier.verify(headers, body);
      System.out.println("Verified " + event.id() + ": " + event.bodyAsString());
    } catch (WebhookVerificationException e) {
      System.out.println("Rejected (" + e.reason() + "): " + e.getMessage());
    }
    // end
    assertThat(verifier.verify(headers, body).id()).isEqualTo("msg_2KWPBgLlAfxdpx2AI54pPJ85f4W");
  }

  @Test
  void everyJavaBlockOfTheReadmeIsCompiledHere() {
    DocSnippets.assertSnippetsAreRegions("../README.md", ReadmeExamplesTest.class);
  }
}
