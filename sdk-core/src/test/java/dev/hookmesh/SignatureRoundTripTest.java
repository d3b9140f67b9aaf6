package dev.hookmesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookmesh.WebhookVerificationException.Reason;
import dev.hookmesh.signature.SignatureScheme;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties over random inputs (seeded, so a failure reproduces): what a scheme signs, it
 * verifies; and changing any single byte of what it signs makes verification fail.
 */
class SignatureRoundTripTest {

  private static final Instant NOW = Instant.parse("2026-11-23T10:15:30Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final int CASES = 300;

  static Stream<SchemeFixture> schemes() {
    return SchemeFixture.all().stream();
  }

  /**
   * The schemes that sign the body's exact bytes. Twilio signs a form body's decoded parameters,
   * concatenated: a body that is not form-encoded cannot be signed, and changes that decode to
   * the same parameters verify, with Twilio's own libraries too. TwilioSchemeTest covers it.
   */
  static Stream<SchemeFixture> bodyBytesSchemes() {
    return schemes().filter(fixture -> fixture.scheme() != SignatureScheme.twilio());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bodyBytesSchemes")
  void verifiesWhatItSignsForRandomIdsTimestampsAndBodies(SchemeFixture fixture) {
    SplittableRandom random = new SplittableRandom(fixture.label().hashCode());
    WebhookSigner signer = fixture.signer();
    WebhookVerifier verifier = fixture.verifier().clock(CLOCK).build();

    for (int i = 0; i < CASES; i++) {
      byte[] body = randomBytes(random, random.nextInt(0, 2048));
      String id = randomId(random);
      Instant signedAt = NOW.minusSeconds(random.nextLong(-299, 300));

      WebhookEvent event = verifier.verify(signer.sign(id, signedAt, body), body);

      assertThat(event.body()).isSameAs(body);
      assertThat(event.scheme()).isEqualTo(fixture.scheme().name());
      if (fixture.signsId()) {
        assertThat(event.id()).isEqualTo(id);
      }
      if (fixture.signsTimestamp()) {
        assertThat(event.timestamp()).isEqualTo(signedAt);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bodyBytesSchemes")
  void rejectsAnySingleFlippedBodyByte(SchemeFixture fixture) {
    SplittableRandom random = new SplittableRandom(17);
    WebhookVerifier verifier = fixture.verifier().clock(CLOCK).build();
    byte[] body = randomBytes(random, 96);
    Map<String, String> headers = fixture.signer().sign("msg_flip", NOW, body);

    for (int i = 0; i < body.length; i++) {
      for (int bit = 0; bit < 8; bit += 3) {
        byte[] tampered = body.clone();
        tampered[i] ^= (byte) (1 << bit);
        assertRejected(verifier, headers, tampered, Reason.NO_MATCHING_SIGNATURE);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("schemes")
  void rejectsAnySingleFlippedSignatureByte(SchemeFixture fixture) {
    WebhookVerifier verifier = fixture.verifier().clock(CLOCK).build();
    byte[] body = "{\"type\":\"invoice.paid\"}".getBytes(StandardCharsets.UTF_8);
    Map<String, String> headers = fixture.signer().sign("msg_sig", NOW, body);
    String header = headers.get(fixture.signatureHeader());
    byte[] signature = fixture.signatureBytes(header);

    for (int i = 0; i < signature.length; i++) {
      byte[] tampered = signature.clone();
      tampered[i] ^= 0x01;
      Map<String, String> forged = new HashMap<>(headers);
      forged.put(fixture.signatureHeader(), fixture.withSignature(header, tampered));
      assertRejected(verifier, forged, body, Reason.NO_MATCHING_SIGNATURE);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("schemes")
  void rejectsAnySingleChangedIdCharacter(SchemeFixture fixture) {
    if (!fixture.signsId()) {
      return; // GitHub, Stripe, Slack and Shopify do not sign an id
    }
    WebhookVerifier verifier = fixture.verifier().clock(CLOCK).build();
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
    String id = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W";
    Map<String, String> headers = fixture.signer().sign(id, NOW, body);

    for (int i = 0; i < id.length(); i++) {
      char[] chars = id.toCharArray();
      chars[i] ^= 0x01;
      Map<String, String> forged = new HashMap<>(headers);
      forged.put(fixture.idHeader(), new String(chars));
      assertRejected(verifier, forged, body, Reason.NO_MATCHING_SIGNATURE);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("schemes")
  void rejectsATimestampChangedWithinTheTolerance(SchemeFixture fixture) {
    if (!fixture.signsTimestamp()) {
      return; // GitHub and Shopify do not sign a timestamp
    }
    WebhookVerifier verifier = fixture.verifier().clock(CLOCK).build();
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
    Map<String, String> headers = fixture.signer().sign("msg_ts", NOW, body);
    String seconds = Long.toString(NOW.getEpochSecond());

    for (long delta : new long[] {-100, -1, 1, 100}) {
      String shifted = Long.toString(NOW.getEpochSecond() + delta);
      Map<String, String> forged = new HashMap<>(headers);
      forged.put(fixture.timestampHeader(),
          headers.get(fixture.timestampHeader()).replace(seconds, shifted));
      assertRejected(verifier, forged, body, Reason.NO_MATCHING_SIGNATURE);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("schemes")
  void rejectsASignatureMadeWithAnotherKey(SchemeFixture fixture) {
    SchemeFixture other = SchemeFixture.all().stream()
        .filter(candidate -> candidate.label().equals(fixture.label()))
        .findFirst().orElseThrow();
    WebhookVerifier verifier = fixture.verifier().clock(CLOCK).build();
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);

    assertRejected(verifier, other.signer().sign("msg_k", NOW, body), body,
        Reason.NO_MATCHING_SIGNATURE);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("schemes")
  void acceptsSignaturesWithinToleranceInBothDirectionsAndRejectsBeyond(SchemeFixture fixture) {
    if (!fixture.signsTimestamp()) {
      return;
    }
    WebhookVerifier verifier = fixture.verifier().clock(CLOCK).tolerance(Duration.ofMinutes(5)).build();
    WebhookSigner signer = fixture.signer();
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);

    assertThat(verifier.verify(signer.sign("a", NOW.minusSeconds(300), body), body)).isNotNull();
    assertThat(verifier.verify(signer.sign("b", NOW.plusSeconds(300), body), body)).isNotNull();
    assertRejected(verifier, signer.sign("c", NOW.minusSeconds(301), body), body,
        Reason.TIMESTAMP_TOO_OLD);
    assertRejected(verifier, signer.sign("d", NOW.plusSeconds(301), body), body,
        Reason.TIMESTAMP_TOO_NEW);
  }

  static void assertRejected(
      WebhookVerifier verifier, Map<String, String> headers, byte[] body, Reason reason) {
    assertThatThrownBy(() -> verifier.verify(headers, body))
        .isInstanceOf(WebhookVerificationException.class)
        .extracting(e -> ((WebhookVerificationException) e).reason())
        .isEqualTo(reason);
  }

  private static byte[] randomBytes(SplittableRandom random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  private static String randomId(SplittableRandom random) {
    StringBuilder id = new StringBuilder("msg_");
    int length = random.nextInt(1, 40);
    for (int i = 0; i < length; i++) {
      id.append((char) random.nextInt('0', 'z' + 1));
    }
    return id.toString();
  }
}
