package dev.hookmesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookmesh.WebhookVerificationException.Reason;
import dev.hookmesh.signature.SignatureScheme;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * Twilio and Square, which sign the URL a request is posted to: their documentation's examples,
 * and what only URL signing has (the URL itself, Twilio's form parameters and bodySHA256).
 */
class UrlSigningSchemesTest {

  // From Twilio's webhook security documentation and its helper libraries' examples.
  private static final String TWILIO_TOKEN = "12345";
  private static final String TWILIO_URL = "https://mycompany.com/myapp.php?foo=1&bar=2";
  private static final String TWILIO_FORM = "CallSid=CA1234567890ABCDE&Caller=%2B14158675310"
      + "&Digits=1234&From=%2B14158675310&To=%2B18005551212";
  private static final String TWILIO_SIGNATURE = "GvWf1cFY/Q7PnoempGyD5oXAezc=";

  // From Square's "Validate notifications" documentation.
  private static final String SQUARE_KEY = "asdf1234";
  private static final String SQUARE_URL = "https://example.com/webhook";
  private static final String SQUARE_BODY = "{\"hello\":\"world\"}";
  private static final String SQUARE_SIGNATURE = "2kRE5qRU2tR+tBGlDwMEw2avJ7QM4ikPYD/PJ3bd9Og=";

  private static WebhookVerifier twilio() {
    return WebhookVerifier.builder().scheme(SignatureScheme.twilio()).key(TWILIO_TOKEN).build();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void twilioDocumentationExampleVerifiesAndSignsIdentically() {
    WebhookEvent event = twilio().verify(
        HeaderLookup.of(Map.of("X-Twilio-Signature", TWILIO_SIGNATURE)), utf8(TWILIO_FORM),
        TWILIO_URL);

    assertThat(event.scheme()).isEqualTo("twilio");
    assertThat(event.id()).isEqualTo("twilio-" + TWILIO_SIGNATURE);
    assertThat(WebhookSigner.builder().scheme(SignatureScheme.twilio()).key(TWILIO_TOKEN).build()
        .signFor(TWILIO_URL, "idem_1", utf8(TWILIO_FORM)))
        .containsEntry("X-Twilio-Signature", TWILIO_SIGNATURE)
        .containsEntry("I-Twilio-Idempotency-Token", "idem_1");
  }

  @Test
  void twilioSignsTheParametersNotTheirOrderOrEncoding() {
    String reordered = "To=%2B18005551212&Digits=1234&CallSid=CA1234567890ABCDE"
        + "&From=%2b14158675310&Caller=%2B14158675310";

    assertThat(twilio().verify(HeaderLookup.of(Map.of("X-Twilio-Signature", TWILIO_SIGNATURE)),
        utf8(reordered), TWILIO_URL).scheme()).isEqualTo("twilio");
  }

  @Test
  void twilioRefusesAChangedParameterUrlOrToken() {
    Map<String, String> headers = Map.of("X-Twilio-Signature", TWILIO_SIGNATURE);

    assertRefused(() -> twilio().verify(HeaderLookup.of(headers),
        utf8(TWILIO_FORM.replace("Digits=1234", "Digits=1235")), TWILIO_URL));
    assertRefused(() -> twilio().verify(HeaderLookup.of(headers), utf8(TWILIO_FORM),
        TWILIO_URL.replace("foo=1", "foo=2")));
    assertRefused(() -> twilio().verify(HeaderLookup.of(headers), utf8(TWILIO_FORM),
        "http://mycompany.com/myapp.php?foo=1&bar=2"));
    assertRefused(() -> WebhookVerifier.builder().scheme(SignatureScheme.twilio()).key("54321")
        .build().verify(HeaderLookup.of(headers), utf8(TWILIO_FORM), TWILIO_URL));
  }

  @Test
  void twilioAcceptsTheUrlWithOrWithoutItsDefaultPort() {
    Map<String, String> headers = Map.of("X-Twilio-Signature", TWILIO_SIGNATURE);

    assertThat(twilio().verify(HeaderLookup.of(headers), utf8(TWILIO_FORM),
        "https://mycompany.com:443/myapp.php?foo=1&bar=2").scheme()).isEqualTo("twilio");
    assertRefused(() -> twilio().verify(HeaderLookup.of(headers), utf8(TWILIO_FORM),
        "https://mycompany.com:8443/myapp.php?foo=1&bar=2"));
  }

  @Test
  void twilioJsonBodyIsSignedThroughItsBodySha256AndEveryByteCounts() throws Exception {
    byte[] body = utf8("{\"EventType\":\"message.delivered\",\"MessageSid\":\"SM123\"}");
    String url = "https://example.com/twilio/events?bodySHA256="
        + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    Map<String, String> headers = WebhookSigner.builder().scheme(SignatureScheme.twilio())
        .key(TWILIO_TOKEN).requestUrl(url).build().sign("idem_json", body);

    assertThat(twilio().verify(HeaderLookup.of(headers), body, url).id()).isEqualTo("idem_json");
    for (int i = 0; i < body.length; i++) {
      byte[] tampered = body.clone();
      tampered[i] ^= 0x01;
      assertRefused(() -> twilio().verify(HeaderLookup.of(headers), tampered, url));
    }
  }

  @Test
  void twilioVerifiesWhatItSignsForRandomFormParameters() {
    SplittableRandom random = new SplittableRandom(2026);
    WebhookSigner signer = WebhookSigner.builder().scheme(SignatureScheme.twilio())
        .key(TWILIO_TOKEN).build();
    for (int i = 0; i < 200; i++) {
      Map<String, String> parameters = new TreeMap<>();
      for (int p = random.nextInt(0, 8); p > 0; p--) {
        parameters.put(randomText(random), randomText(random));
      }
      StringBuilder form = new StringBuilder();
      parameters.forEach((name, value) -> form.append(form.isEmpty() ? "" : "&")
          .append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
          .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
      byte[] body = utf8(form.toString());

      Map<String, String> headers = signer.signFor(TWILIO_URL, "idem_" + i, body);

      assertThat(twilio().verify(HeaderLookup.of(headers), body, TWILIO_URL).id())
          .isEqualTo("idem_" + i);
    }
  }

  @Test
  void squareDocumentationExampleVerifiesAndSignsIdentically() {
    WebhookVerifier verifier = WebhookVerifier.builder().scheme(SignatureScheme.square())
        .key(SQUARE_KEY).requestUrl(SQUARE_URL).build();

    WebhookEvent event = verifier.verify(
        Map.of("x-square-hmacsha256-signature", SQUARE_SIGNATURE), utf8(SQUARE_BODY));

    assertThat(event.scheme()).isEqualTo("square");
    assertThat(event.body()).isEqualTo(utf8(SQUARE_BODY));
    assertThat(WebhookSigner.builder().scheme(SignatureScheme.square()).key(SQUARE_KEY).build()
        .signFor(SQUARE_URL, "ignored", utf8(SQUARE_BODY)))
        .containsExactly(Map.entry("X-Square-HmacSha256-Signature", SQUARE_SIGNATURE));
  }

  @Test
  void squareRefusesAnotherUrlEvenOneSlashLonger() {
    WebhookVerifier verifier = WebhookVerifier.builder().scheme(SignatureScheme.square())
        .key(SQUARE_KEY).build();
    HeaderLookup headers =
        HeaderLookup.of(Map.of("X-Square-HmacSha256-Signature", SQUARE_SIGNATURE));

    assertRefused(() -> verifier.verify(headers, utf8(SQUARE_BODY), SQUARE_URL + "/"));
    assertRefused(() -> verifier.verify(headers, utf8(SQUARE_BODY + " "), SQUARE_URL));
  }

  @Test
  void aSchemeThatSignsTheUrlSaysSoWhenItIsNotGiven() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("X-Square-HmacSha256-Signature", SQUARE_SIGNATURE);

    assertThatThrownBy(() -> WebhookVerifier.builder().scheme(SignatureScheme.square())
        .key(SQUARE_KEY).build().verify(headers, utf8(SQUARE_BODY)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("verify(headers, body, requestUrl)");
    assertThatThrownBy(() -> WebhookSigner.builder().scheme(SignatureScheme.twilio())
        .key(TWILIO_TOKEN).build().sign("msg_1", utf8(TWILIO_FORM)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("signFor(requestUrl, id, body)");
    assertThatThrownBy(() -> WebhookVerifier.builder().requestUrl("https://user:tok_SECRET@"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("tok_SECRET");
  }

  @Test
  void bothAreUsableByName() {
    assertThat(SignatureScheme.named("twilio")).isSameAs(SignatureScheme.twilio());
    assertThat(SignatureScheme.named("Square")).isSameAs(SignatureScheme.square());
    assertThat(SignatureScheme.twilio().signsRequestUrl()).isTrue();
    assertThat(SignatureScheme.github().signsRequestUrl()).isFalse();
  }

  private static void assertRefused(ThrowingCallable call) {
    assertThatThrownBy(call).isInstanceOf(WebhookVerificationException.class)
        .extracting(e -> ((WebhookVerificationException) e).reason())
        .isEqualTo(Reason.NO_MATCHING_SIGNATURE);
  }

  private static String randomText(SplittableRandom random) {
    String alphabet = "abcXYZ019 +&=%/?é€";
    StringBuilder text = new StringBuilder();
    for (int i = random.nextInt(1, 12); i > 0; i--) {
      text.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return text.toString();
  }
}
