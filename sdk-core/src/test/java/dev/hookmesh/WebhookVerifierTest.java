package dev.hookmesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.hookmesh.signature.Ed25519PrivateKey;
import dev.hookmesh.signature.HmacSecret;
import dev.hookmesh.signature.SignatureScheme;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WebhookVerifierTest {

  private static final Instant NOW = Instant.parse("2026-11-23T08:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final byte[] BODY = "{\"type\":\"invoice.paid\"}".getBytes(StandardCharsets.UTF_8);

  private final HmacSecret oldKey = HmacSecret.generate();
  private final HmacSecret newKey = HmacSecret.generate();

  @Test
  void acceptsEitherKeyDuringRotationAndSaysWhichMatched() {
    WebhookVerifier verifier =
        WebhookVerifier.builder().key(oldKey).key(newKey.encode()).clock(CLOCK).build();

    assertThat(verifier.verify(signedWith(oldKey), BODY).keyIndex()).isZero();
    assertThat(verifier.verify(signedWith(newKey), BODY).keyIndex()).isOne();
  }

  @Test
  void acceptsARequestSignedWithOldAndNewKeysByAReceiverThatKnowsOnlyOne() {
    Map<String, String> headers = WebhookSigner.builder().key(oldKey).key(newKey).clock(CLOCK)
        .build().sign("msg_rotating", BODY);

    assertThat(headers.get("webhook-signature").split(" ")).hasSize(2);
    assertThat(WebhookVerifier.builder().key(newKey).clock(CLOCK).build().verify(headers, BODY))
        .isNotNull();
    assertThat(WebhookVerifier.builder().key(oldKey).clock(CLOCK).build().verify(headers, BODY))
        .isNotNull();
  }

  @Test
  void mixesHmacAndEd25519KeysInOneVerifier() {
    Ed25519PrivateKey ed25519 = Ed25519PrivateKey.generate();
    WebhookVerifier verifier = WebhookVerifier.builder()
        .key(oldKey).key(ed25519.publicKey().encode()).clock(CLOCK).build();
    Map<String, String> headers =
        WebhookSigner.builder().key(ed25519).clock(CLOCK).build().sign("msg_ed", BODY);

    assertThat(headers.get("webhook-signature")).startsWith("v1a,");
    assertThat(verifier.verify(headers, BODY).keyIndex()).isOne();
  }

  @Test
  void explainsAKeyTypeMismatch() {
    Ed25519PrivateKey ed25519 = Ed25519PrivateKey.generate();
    Map<String, String> headers =
        WebhookSigner.builder().key(ed25519).clock(CLOCK).build().sign("msg_ed", BODY);

    WebhookVerificationException failure = catchThrowableOfType(WebhookVerificationException.class,
        () -> WebhookVerifier.builder().key(oldKey).clock(CLOCK).build().verify(headers, BODY));

    assertThat(failure.reason()).isEqualTo(WebhookVerificationException.Reason.NO_MATCHING_SIGNATURE);
    assertThat(failure.getMessage()).contains("whpk_");
  }

  @Test
  void matchesHeaderNamesIgnoringCaseInEveryHeaderForm() {
    WebhookVerifier verifier = WebhookVerifier.builder().key(oldKey).clock(CLOCK).build();
    Map<String, String> signed = signedWith(oldKey);
    Map<String, String> upper = new LinkedHashMap<>();
    Map<String, List<String>> multi = new LinkedHashMap<>();
    Map<String, String> caseInsensitive = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    signed.forEach((name, value) -> {
      upper.put(name.toUpperCase(), value);
      multi.put("Webhook-" + name.substring(8), List.of(value));
      caseInsensitive.put(name, value);
    });

    assertThat(verifier.verify(upper, BODY).id()).isEqualTo("msg_1");
    assertThat(verifier.verify(multi, BODY).id()).isEqualTo("msg_1");
    assertThat(verifier.verify(HeaderLookup.ofSingleValued(caseInsensitive::get), BODY).id())
        .isEqualTo("msg_1");
  }

  @Test
  void acceptsSvixHeaderNames() {
    Map<String, String> svix = new LinkedHashMap<>();
    signedWith(oldKey).forEach((name, value) -> svix.put(name.replace("webhook-", "svix-"), value));

    assertThat(WebhookVerifier.builder().key(oldKey).clock(CLOCK).build().verify(svix, BODY).id())
        .isEqualTo("msg_1");
  }

  @Test
  void signsAndVerifiesANonAsciiIdAsUtf8() {
    Map<String, String> headers =
        WebhookSigner.builder().key(oldKey).clock(CLOCK).build().sign("msg_Zoë_✓", BODY);

    assertThat(WebhookVerifier.builder().key(oldKey).clock(CLOCK).build().verify(headers, BODY).id())
        .isEqualTo("msg_Zoë_✓");
  }

  @Test
  void verifiesAStringBodyAsUtf8() {
    String body = "{\"name\":\"Zoë – ✓\"}";
    Map<String, String> headers =
        WebhookSigner.builder().key(oldKey).clock(CLOCK).build().sign("msg_text", body);

    assertThat(WebhookVerifier.builder().key(oldKey).clock(CLOCK).build().verify(headers, body)
        .bodyAsString()).isEqualTo(body);
  }

  @Test
  void appliesAConfiguredTolerance() {
    WebhookVerifier strict = WebhookVerifier.builder().key(oldKey)
        .clock(Clock.offset(CLOCK, Duration.ofSeconds(31))).tolerance(Duration.ofSeconds(30)).build();

    assertThat(catchThrowableOfType(WebhookVerificationException.class,
        () -> strict.verify(signedWith(oldKey), BODY)).reason())
        .isEqualTo(WebhookVerificationException.Reason.TIMESTAMP_TOO_OLD);
  }

  @Test
  void refusesToBuildWithoutKeysOrWithKeysTheSchemeCannotUse() {
    assertThatIllegalStateException().isThrownBy(() -> WebhookVerifier.builder().build())
        .withMessageContaining("key(");
    assertThatIllegalArgumentException().isThrownBy(() -> WebhookVerifier.builder()
        .scheme(SignatureScheme.github()).key(Ed25519PrivateKey.generate().publicKey()).build());
    assertThatIllegalArgumentException().isThrownBy(() -> WebhookSigner.builder()
        .scheme(SignatureScheme.slack()).key(oldKey).key(newKey).build().sign("m", BODY))
        .withMessageContaining("one key");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> WebhookVerifier.builder().tolerance(Duration.ofSeconds(-1)));
  }

  @Test
  void givesCorrectAnswersWhenManyThreadsShareOneVerifier() throws Exception {
    WebhookVerifier verifier = WebhookVerifier.builder().key(oldKey).key(newKey).clock(CLOCK).build();
    WebhookSigner signer = WebhookSigner.builder().key(newKey).clock(CLOCK).build();
    int threads = 8;
    int perThread = 2_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int seed = t;
        results.add(pool.submit(() -> {
          int verified = 0;
          for (int i = 0; i < perThread; i++) {
            byte[] body = ("{\"n\":" + seed + i + "}").getBytes(StandardCharsets.UTF_8);
            Map<String, String> headers = signer.sign("msg_" + seed + "_" + i, body);
            if (i % 2 == 0) {
              body[body.length - 2] ^= 1; // every other request is tampered with
              if (!rejected(verifier, headers, body)) {
                throw new AssertionError("tampered request " + i + " verified");
              }
            } else if (verifier.verify(headers, body).keyIndex() == 1) {
              verified++;
            }
          }
          return verified;
        }));
      }
      for (Future<Integer> result : results) {
        assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo(perThread / 2);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static boolean rejected(WebhookVerifier verifier, Map<String, String> headers, byte[] body) {
    try {
      verifier.verify(headers, body);
      return false;
    } catch (WebhookVerificationException e) {
      return e.reason() == WebhookVerificationException.Reason.NO_MATCHING_SIGNATURE;
    }
  }

  @Test
  void printsNoKeyMaterial() {
    WebhookVerifier verifier = WebhookVerifier.builder().key(oldKey).build();

    assertThat(verifier.toString()).doesNotContain(oldKey.encode().substring(6)).contains("keys=1");
    assertThat(verifier.keys().toString()).doesNotContain(oldKey.encode().substring(6));
  }

  private static Map<String, String> signedWith(HmacSecret key) {
    return WebhookSigner.builder().key(key).clock(CLOCK).build().sign("msg_1", BODY);
  }
}
