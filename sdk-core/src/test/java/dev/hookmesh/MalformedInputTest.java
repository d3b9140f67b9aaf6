package dev.hookmesh;

import static dev.hookmesh.WebhookVerificationException.Reason.MALFORMED_HEADER;
import static dev.hookmesh.WebhookVerificationException.Reason.MISSING_HEADER;
import static dev.hookmesh.WebhookVerificationException.Reason.NO_MATCHING_SIGNATURE;
import static dev.hookmesh.WebhookVerificationException.Reason.PAYLOAD_TOO_LARGE;
import static dev.hookmesh.WebhookVerificationException.Reason.TIMESTAMP_TOO_NEW;
import static dev.hookmesh.WebhookVerificationException.Reason.TIMESTAMP_TOO_OLD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.hookmesh.WebhookVerificationException.Reason;
import dev.hookmesh.signature.Ed25519PrivateKey;
import dev.hookmesh.signature.HmacSecret;
import dev.hookmesh.signature.SignatureScheme;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile and broken requests, scheme by scheme: each gets the right reason, and nothing but
 * {@link WebhookVerificationException} ever escapes the verifier.
 */
class MalformedInputTest {

  private static final Instant NOW = Instant.ofEpochSecond(1_763_892_930L);
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final String SECONDS = Long.toString(NOW.getEpochSecond());
  private static final byte[] BODY = "{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8);
  private static final HmacSecret SECRET = HmacSecret.ofUtf8("whsec_" + "c2VjcmV0LWZvci10ZXN0cw==");
  private static final String MEGABYTE = "A".repeat(1024 * 1024);
  private static final String ZERO_HEX = "0".repeat(64);
  private static final String ZERO_BASE64 = "A".repeat(43) + "=";
  // Hex digits Character.digit takes but no reference verifier does.
  private static final String FULLWIDTH_HEX = "\uFF10".repeat(62) + "\uFF41\uFF26";
  private static final String ARABIC_INDIC_HEX = "\u0660".repeat(64);
  private static final String DEVANAGARI_HEX = "\u0966".repeat(64);

  /** Removes a header. */
  private static final String ABSENT = "\u0000absent";

  static Stream<Arguments> standardWebhooks() {
    return Stream.of(
        row("webhook-id absent", "webhook-id", ABSENT, MISSING_HEADER),
        row("webhook-timestamp absent", "webhook-timestamp", ABSENT, MISSING_HEADER),
        row("webhook-signature absent", "webhook-signature", ABSENT, MISSING_HEADER),
        row("empty id", "webhook-id", "", MALFORMED_HEADER),
        row("whitespace id", "webhook-id", "   ", MALFORMED_HEADER),
        row("megabyte id", "webhook-id", MEGABYTE, MALFORMED_HEADER),
        row("empty timestamp", "webhook-timestamp", "", MALFORMED_HEADER),
        row("whitespace timestamp", "webhook-timestamp", " \t ", MALFORMED_HEADER),
        row("non-numeric timestamp", "webhook-timestamp", "yesterday", MALFORMED_HEADER),
        row("negative timestamp", "webhook-timestamp", "-" + SECONDS, MALFORMED_HEADER),
        row("fractional timestamp", "webhook-timestamp", SECONDS + ".5", MALFORMED_HEADER),
        row("exponent timestamp", "webhook-timestamp", "1.7e9", MALFORMED_HEADER),
        row("overflowing timestamp", "webhook-timestamp", "92233720368547758070", MALFORMED_HEADER),
        row("long max timestamp", "webhook-timestamp", "9223372036854775807", MALFORMED_HEADER),
        row("timestamp in milliseconds", "webhook-timestamp", SECONDS + "000", TIMESTAMP_TOO_NEW),
        row("Arabic-Indic timestamp", "webhook-timestamp", toArabicIndic(SECONDS),
            MALFORMED_HEADER),
        row("fullwidth timestamp", "webhook-timestamp", toFullwidth(SECONDS), MALFORMED_HEADER),
        row("Unicode space around the timestamp", "webhook-timestamp", "\u3000" + SECONDS,
            MALFORMED_HEADER),
        row("timestamp zero", "webhook-timestamp", "0", TIMESTAMP_TOO_OLD),
        row("timestamp a day old", "webhook-timestamp",
            Long.toString(NOW.getEpochSecond() - 86_400), TIMESTAMP_TOO_OLD),
        row("timestamp a day ahead", "webhook-timestamp",
            Long.toString(NOW.getEpochSecond() + 86_400), TIMESTAMP_TOO_NEW),
        row("empty signature", "webhook-signature", "", MALFORMED_HEADER),
        row("whitespace signature", "webhook-signature", "     ", MALFORMED_HEADER),
        row("version without signature", "webhook-signature", "v1,", MALFORMED_HEADER),
        row("signature without version", "webhook-signature", ZERO_BASE64, MALFORMED_HEADER),
        row("invalid base64", "webhook-signature", "v1,!!!!not*base64!!!!", MALFORMED_HEADER),
        row("short HMAC", "webhook-signature", "v1,AAAA", MALFORMED_HEADER),
        row("short Ed25519", "webhook-signature", "v1a," + ZERO_BASE64, MALFORMED_HEADER),
        row("unknown version only", "webhook-signature", "v2," + ZERO_BASE64, MALFORMED_HEADER),
        row("non-ASCII signature", "webhook-signature", "v1,ÿÿÿÿ€€€€", MALFORMED_HEADER),
        row("thousands of signatures", "webhook-signature",
            ("v1," + ZERO_BASE64 + " ").repeat(5000), MALFORMED_HEADER),
        row("megabyte signature", "webhook-signature", "v1," + MEGABYTE, MALFORMED_HEADER),
        row("well-formed wrong signature", "webhook-signature", "v1," + ZERO_BASE64,
            NO_MATCHING_SIGNATURE),
        row("well-formed wrong Ed25519 signature", "webhook-signature",
            "v1a," + "A".repeat(86) + "==", NO_MATCHING_SIGNATURE));
  }

  static Stream<Arguments> github() {
    return Stream.of(
        row("header absent", "X-Hub-Signature-256", ABSENT, MISSING_HEADER),
        row("empty", "X-Hub-Signature-256", "", MALFORMED_HEADER),
        row("label only", "X-Hub-Signature-256", "sha256=", MALFORMED_HEADER),
        row("sha1 label", "X-Hub-Signature-256", "sha1=" + ZERO_HEX, MALFORMED_HEADER),
        row("no label", "X-Hub-Signature-256", ZERO_HEX, MALFORMED_HEADER),
        row("non-hex", "X-Hub-Signature-256", "sha256=" + "zz".repeat(32), MALFORMED_HEADER),
        row("63 hex digits", "X-Hub-Signature-256", "sha256=" + ZERO_HEX.substring(1),
            MALFORMED_HEADER),
        row("megabyte", "X-Hub-Signature-256", "sha256=" + MEGABYTE, MALFORMED_HEADER),
        row("non-ASCII", "X-Hub-Signature-256", "sha256=" + "é".repeat(64), MALFORMED_HEADER),
        row("fullwidth hex digits", "X-Hub-Signature-256", "sha256=" + FULLWIDTH_HEX,
            MALFORMED_HEADER),
        row("Arabic-Indic hex digits", "X-Hub-Signature-256", "sha256=" + ARABIC_INDIC_HEX,
            MALFORMED_HEADER),
        row("Devanagari hex digits", "X-Hub-Signature-256", "sha256=" + DEVANAGARI_HEX,
            MALFORMED_HEADER),
        row("long s in the label", "X-Hub-Signature-256", "\u017Fha256=" + ZERO_HEX,
            MALFORMED_HEADER),
        row("well-formed wrong", "X-Hub-Signature-256", "sha256=" + ZERO_HEX,
            NO_MATCHING_SIGNATURE));
  }

  static Stream<Arguments> stripe() {
    return Stream.of(
        row("header absent", "Stripe-Signature", ABSENT, MISSING_HEADER),
        row("empty", "Stripe-Signature", "", MALFORMED_HEADER),
        row("commas only", "Stripe-Signature", ",,,,,", MALFORMED_HEADER),
        row("no timestamp", "Stripe-Signature", "v1=" + ZERO_HEX, MALFORMED_HEADER),
        row("no signature", "Stripe-Signature", "t=" + SECONDS, MALFORMED_HEADER),
        row("only v0", "Stripe-Signature", "t=" + SECONDS + ",v0=" + ZERO_HEX, MALFORMED_HEADER),
        row("non-hex v1", "Stripe-Signature", "t=" + SECONDS + ",v1=xyz", MALFORMED_HEADER),
        row("fullwidth hex v1", "Stripe-Signature", "t=" + SECONDS + ",v1=" + FULLWIDTH_HEX,
            MALFORMED_HEADER),
        row("Arabic-Indic hex v1", "Stripe-Signature", "t=" + SECONDS + ",v1=" + ARABIC_INDIC_HEX,
            MALFORMED_HEADER),
        row("Devanagari hex v1", "Stripe-Signature", "t=" + SECONDS + ",v1=" + DEVANAGARI_HEX,
            MALFORMED_HEADER),
        row("Unicode space around v1", "Stripe-Signature",
            "t=" + SECONDS + ",v1=" + ZERO_HEX + "\u2003", MALFORMED_HEADER),
        row("Arabic-Indic digits in t", "Stripe-Signature",
            "t=" + toArabicIndic(SECONDS) + ",v1=" + ZERO_HEX, MALFORMED_HEADER),
        row("non-numeric t", "Stripe-Signature", "t=soon,v1=" + ZERO_HEX, MALFORMED_HEADER),
        row("two timestamps", "Stripe-Signature",
            "t=" + SECONDS + ",t=" + SECONDS + ",v1=" + ZERO_HEX, MALFORMED_HEADER),
        row("thousands of signatures", "Stripe-Signature",
            "t=" + SECONDS + (",v1=" + ZERO_HEX).repeat(5000), MALFORMED_HEADER),
        row("old timestamp", "Stripe-Signature", "t=1000,v1=" + ZERO_HEX, TIMESTAMP_TOO_OLD),
        row("well-formed wrong", "Stripe-Signature", "t=" + SECONDS + ",v1=" + ZERO_HEX,
            NO_MATCHING_SIGNATURE));
  }

  static Stream<Arguments> slack() {
    return Stream.of(
        row("timestamp absent", "X-Slack-Request-Timestamp", ABSENT, MISSING_HEADER),
        row("signature absent", "X-Slack-Signature", ABSENT, MISSING_HEADER),
        row("non-numeric timestamp", "X-Slack-Request-Timestamp", "now", MALFORMED_HEADER),
        row("label only", "X-Slack-Signature", "v0=", MALFORMED_HEADER),
        row("unknown version", "X-Slack-Signature", "v1=" + ZERO_HEX, MALFORMED_HEADER),
        row("fullwidth hex digits", "X-Slack-Signature", "v0=" + FULLWIDTH_HEX, MALFORMED_HEADER),
        row("Arabic-Indic hex digits", "X-Slack-Signature", "v0=" + ARABIC_INDIC_HEX,
            MALFORMED_HEADER),
        row("Devanagari hex digits", "X-Slack-Signature", "v0=" + DEVANAGARI_HEX,
            MALFORMED_HEADER),
        row("Unicode space after the signature", "X-Slack-Signature", "v0=" + ZERO_HEX + "\u00A0",
            MALFORMED_HEADER),
        row("Arabic-Indic timestamp", "X-Slack-Request-Timestamp", toArabicIndic(SECONDS),
            MALFORMED_HEADER),
        row("old timestamp", "X-Slack-Request-Timestamp", "1000", TIMESTAMP_TOO_OLD),
        row("well-formed wrong", "X-Slack-Signature", "v0=" + ZERO_HEX, NO_MATCHING_SIGNATURE));
  }

  static Stream<Arguments> shopify() {
    return Stream.of(
        row("header absent", "X-Shopify-Hmac-Sha256", ABSENT, MISSING_HEADER),
        row("whitespace", "X-Shopify-Hmac-Sha256", "  ", MALFORMED_HEADER),
        row("invalid base64", "X-Shopify-Hmac-Sha256", "***", MALFORMED_HEADER),
        row("hex instead of base64", "X-Shopify-Hmac-Sha256", ZERO_HEX, MALFORMED_HEADER),
        row("well-formed wrong", "X-Shopify-Hmac-Sha256", ZERO_BASE64, NO_MATCHING_SIGNATURE));
  }

  static Stream<Arguments> paddle() {
    return Stream.of(
        row("header absent", "Paddle-Signature", ABSENT, MISSING_HEADER),
        row("no timestamp", "Paddle-Signature", "h1=" + ZERO_HEX, MALFORMED_HEADER),
        row("no signature", "Paddle-Signature", "ts=" + SECONDS, MALFORMED_HEADER),
        row("two timestamps", "Paddle-Signature",
            "ts=" + SECONDS + ";ts=" + SECONDS + ";h1=" + ZERO_HEX, MALFORMED_HEADER),
        row("comma separators, as Stripe's", "Paddle-Signature",
            "ts=" + SECONDS + ",h1=" + ZERO_HEX, MALFORMED_HEADER),
        row("short signature", "Paddle-Signature", "ts=" + SECONDS + ";h1=abcd",
            MALFORMED_HEADER),
        row("fullwidth hex digits", "Paddle-Signature", "ts=" + SECONDS + ";h1=" + FULLWIDTH_HEX,
            MALFORMED_HEADER),
        row("non-numeric timestamp", "Paddle-Signature", "ts=now;h1=" + ZERO_HEX,
            MALFORMED_HEADER),
        row("Arabic-Indic timestamp", "Paddle-Signature",
            "ts=" + toArabicIndic(SECONDS) + ";h1=" + ZERO_HEX, MALFORMED_HEADER),
        row("a thousand signatures", "Paddle-Signature",
            "ts=" + SECONDS + (";h1=" + ZERO_HEX).repeat(1000), MALFORMED_HEADER),
        row("old timestamp", "Paddle-Signature", "ts=1000;h1=" + ZERO_HEX, TIMESTAMP_TOO_OLD),
        row("well-formed wrong", "Paddle-Signature", "ts=" + SECONDS + ";h1=" + ZERO_HEX,
            NO_MATCHING_SIGNATURE));
  }

  static Stream<Arguments> gitlab() {
    return Stream.of(
        row("token absent", "X-Gitlab-Token", ABSENT, MISSING_HEADER),
        row("empty token", "X-Gitlab-Token", "", MALFORMED_HEADER),
        row("megabyte token", "X-Gitlab-Token", MEGABYTE, MALFORMED_HEADER),
        row("another token", "X-Gitlab-Token", "not-the-token", NO_MATCHING_SIGNATURE),
        row("the token cut short", "X-Gitlab-Token", "whsec_c2VjcmV0LWZvci10ZXN0cw=",
            NO_MATCHING_SIGNATURE),
        row("the token in another case", "X-Gitlab-Token", "WHSEC_c2VjcmV0LWZvci10ZXN0cw==",
            NO_MATCHING_SIGNATURE));
  }

  static Stream<Arguments> coinbaseCommerce() {
    return Stream.of(
        row("header absent", "X-CC-Webhook-Signature", ABSENT, MISSING_HEADER),
        row("base64 instead of hex", "X-CC-Webhook-Signature", ZERO_BASE64, MALFORMED_HEADER),
        row("labelled", "X-CC-Webhook-Signature", "sha256=" + ZERO_HEX, MALFORMED_HEADER),
        row("Devanagari hex digits", "X-CC-Webhook-Signature", DEVANAGARI_HEX, MALFORMED_HEADER),
        row("well-formed wrong", "X-CC-Webhook-Signature", ZERO_HEX, NO_MATCHING_SIGNATURE));
  }

  static Stream<Arguments> twilio() {
    String sha1Sized = "A".repeat(27) + "=";
    return Stream.of(
        row("header absent", "X-Twilio-Signature", ABSENT, MISSING_HEADER),
        row("empty", "X-Twilio-Signature", "", MALFORMED_HEADER),
        row("hex instead of base64", "X-Twilio-Signature", "0".repeat(40), MALFORMED_HEADER),
        row("a SHA-256 sized signature", "X-Twilio-Signature", ZERO_BASE64, MALFORMED_HEADER),
        row("megabyte", "X-Twilio-Signature", MEGABYTE, MALFORMED_HEADER),
        row("well-formed wrong", "X-Twilio-Signature", sha1Sized, NO_MATCHING_SIGNATURE));
  }

  static Stream<Arguments> square() {
    return Stream.of(
        row("header absent", "X-Square-HmacSha256-Signature", ABSENT, MISSING_HEADER),
        row("hex instead of base64", "X-Square-HmacSha256-Signature", ZERO_HEX,
            MALFORMED_HEADER),
        row("a SHA-1 sized signature", "X-Square-HmacSha256-Signature", "A".repeat(27) + "=",
            MALFORMED_HEADER),
        row("labelled", "X-Square-HmacSha256-Signature", "sha256=" + ZERO_BASE64,
            MALFORMED_HEADER),
        row("well-formed wrong", "X-Square-HmacSha256-Signature", ZERO_BASE64,
            NO_MATCHING_SIGNATURE));
  }

  static Stream<Arguments> discord() {
    String zeroSignature = "0".repeat(128);
    return Stream.of(
        row("signature absent", "X-Signature-Ed25519", ABSENT, MISSING_HEADER),
        row("timestamp absent", "X-Signature-Timestamp", ABSENT, MISSING_HEADER),
        row("short signature", "X-Signature-Ed25519", ZERO_HEX, MALFORMED_HEADER),
        row("fullwidth hex digits", "X-Signature-Ed25519", FULLWIDTH_HEX + FULLWIDTH_HEX,
            MALFORMED_HEADER),
        row("non-numeric timestamp", "X-Signature-Timestamp", "soon", MALFORMED_HEADER),
        row("old timestamp", "X-Signature-Timestamp", "1000", TIMESTAMP_TOO_OLD),
        row("well-formed wrong", "X-Signature-Ed25519", zeroSignature, NO_MATCHING_SIGNATURE));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("paddle")
  void paddleRejects(String label, String header, String value, Reason reason) {
    assertReason(SignatureScheme.paddle(), SECRET, header, value, reason);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("gitlab")
  void gitLabRejects(String label, String header, String value, Reason reason) {
    assertReason(SignatureScheme.gitlab(), SECRET, header, value, reason);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("coinbaseCommerce")
  void coinbaseCommerceRejects(String label, String header, String value, Reason reason) {
    assertReason(SignatureScheme.coinbaseCommerce(), SECRET, header, value, reason);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("twilio")
  void twilioRejects(String label, String header, String value, Reason reason) {
    assertReason(SignatureScheme.twilio(), SECRET, header, value, reason);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("square")
  void squareRejects(String label, String header, String value, Reason reason) {
    assertReason(SignatureScheme.square(), SECRET, header, value, reason);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("discord")
  void discordRejects(String label, String header, String value, Reason reason) {
    Ed25519PrivateKey key = Ed25519PrivateKey.generate();
    Map<String, String> headers = new HashMap<>(WebhookSigner.builder()
        .scheme(SignatureScheme.discord()).key(key).clock(CLOCK).build().sign("msg_1", BODY));
    if (value.equals(ABSENT)) {
      headers.remove(header);
    } else {
      headers.put(header, value);
    }
    WebhookVerifier verifier = WebhookVerifier.builder().scheme(SignatureScheme.discord())
        .key(key.publicKey()).clock(CLOCK).build();

    assertThatThrownBy(() -> verifier.verify(headers, BODY))
        .isInstanceOfSatisfying(WebhookVerificationException.class,
            failure -> assertThat(failure.reason()).isEqualTo(reason));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("standardWebhooks")
  void standardWebhooksRejects(String label, String header, String value, Reason reason) {
    assertReason(SignatureScheme.standardWebhooks(), HmacSecret.generate(), header, value, reason);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("github")
  void gitHubRejects(String label, String header, String value, Reason reason) {
    assertReason(SignatureScheme.github(), SECRET, header, value, reason);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stripe")
  void stripeRejects(String label, String header, String value, Reason reason) {
    assertReason(SignatureScheme.stripe(), SECRET, header, value, reason);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("slack")
  void slackRejects(String label, String header, String value, Reason reason) {
    assertReason(SignatureScheme.slack(), SECRET, header, value, reason);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shopify")
  void shopifyRejects(String label, String header, String value, Reason reason) {
    assertReason(SignatureScheme.shopify(), SECRET, header, value, reason);
  }

  /**
   * The right MAC, with its hex digits written in another script: before Hookmesh parsed hex as
   * ASCII only, these verified, where every reference verifier refuses them.
   */
  @ParameterizedTest(name = "{0} in {1} digits")
  @MethodSource("hexSchemesAndScripts")
  void rejectsTheRightSignatureWrittenInOtherDigits(
      String scheme, String script, String header, String label) {
    SignatureScheme parsed = SignatureScheme.named(scheme);
    Map<String, String> headers = sign(parsed, SECRET);
    String value = headers.get(header);
    int hexStart = value.lastIndexOf(label) + label.length();
    String rewritten = value.substring(0, hexStart)
        + (script.equals("fullwidth") ? toFullwidth(value.substring(hexStart))
            : toArabicIndic(value.substring(hexStart)));
    assertThat(rewritten).isNotEqualTo(value);
    headers.put(header, rewritten);

    assertThat(failure(parsed, SECRET, headers, BODY).reason()).isEqualTo(MALFORMED_HEADER);
  }

  static Stream<Arguments> hexSchemesAndScripts() {
    List<Arguments> rows = new ArrayList<>();
    for (String script : List.of("fullwidth", "Arabic-Indic")) {
      rows.add(Arguments.of("github", script, "X-Hub-Signature-256", "sha256="));
      rows.add(Arguments.of("stripe", script, "Stripe-Signature", "v1="));
      rows.add(Arguments.of("slack", script, "X-Slack-Signature", "v0="));
    }
    return rows.stream();
  }

  @Test
  void rejectsTheRightGitHubSignatureBehindALabelWithALongS() {
    Map<String, String> headers = sign(SignatureScheme.github(), SECRET);
    headers.put("X-Hub-Signature-256",
        "\u017F" + headers.get("X-Hub-Signature-256").substring(1));

    assertThat(failure(SignatureScheme.github(), SECRET, headers, BODY).reason())
        .isEqualTo(MALFORMED_HEADER);
  }

  @Test
  void findsHeaderNamesIgnoringOnlyAsciiCase() {
    Map<String, String> headers = sign(SignatureScheme.github(), SECRET);
    String signature = headers.remove("X-Hub-Signature-256");
    headers.put("x-hub-\u017Fignature-256", signature);

    assertThat(failure(SignatureScheme.github(), SECRET, headers, BODY).reason())
        .isEqualTo(MISSING_HEADER);
    headers.put("X-HUB-SIGNATURE-256", signature);
    assertThat(verifier(SignatureScheme.github(), SECRET).verify(headers, BODY).body())
        .isEqualTo(BODY);
  }

  @Test
  void stillTrimsSpacesAndTabsAroundHeaderValues() {
    Map<String, String> headers = sign(SignatureScheme.slack(), SECRET);
    headers.put("X-Slack-Signature", " \t" + headers.get("X-Slack-Signature") + "\t ");
    headers.put("X-Slack-Request-Timestamp", " " + headers.get("X-Slack-Request-Timestamp"));

    assertThat(verifier(SignatureScheme.slack(), SECRET).verify(headers, BODY).body())
        .isEqualTo(BODY);
  }

  /** Each ASCII digit and letter a-f as its fullwidth form. */
  private static String toFullwidth(String ascii) {
    StringBuilder out = new StringBuilder(ascii.length());
    for (char c : ascii.toCharArray()) {
      out.append(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
          ? (char) (c - '!' + '\uFF01') : c);
    }
    return out.toString();
  }

  /** Each ASCII digit as its Arabic-Indic form; hex letters stay, as a mixed string would. */
  private static String toArabicIndic(String ascii) {
    StringBuilder out = new StringBuilder(ascii.length());
    for (char c : ascii.toCharArray()) {
      out.append(c >= '0' && c <= '9' ? (char) (c - '0' + '\u0660') : c);
    }
    return out.toString();
  }

  @Test
  void rejectsAHeaderRepeatedWithDifferentValues() {
    HmacSecret secret = HmacSecret.generate();
    Map<String, List<String>> headers = multi(sign(SignatureScheme.standardWebhooks(), secret));
    headers.put("webhook-id", List.of("msg_1", "msg_2"));

    assertThat(failure(SignatureScheme.standardWebhooks(), secret, headers, BODY).reason())
        .isEqualTo(MALFORMED_HEADER);
  }

  @Test
  void readsSignaturesFromARepeatedSignatureHeader() {
    HmacSecret secret = HmacSecret.generate();
    Map<String, List<String>> headers = multi(sign(SignatureScheme.standardWebhooks(), secret));
    headers.put("webhook-signature",
        List.of("v1," + ZERO_BASE64, headers.get("webhook-signature").get(0)));

    WebhookEvent event = verifier(SignatureScheme.standardWebhooks(), secret).verify(headers, BODY);

    assertThat(event.id()).isEqualTo("msg_1");
  }

  @Test
  void skipsUnknownVersionsBesideAKnownOne() {
    HmacSecret secret = HmacSecret.generate();
    Map<String, String> headers = sign(SignatureScheme.standardWebhooks(), secret);
    headers.put("webhook-signature", "v2,c29tZXRoaW5n v1 garbage " + headers.get("webhook-signature"));

    assertThat(verifier(SignatureScheme.standardWebhooks(), secret).verify(headers, BODY).id())
        .isEqualTo("msg_1");
  }

  @Test
  void capsTheSignaturesExaminedEvenWhenALaterOneWouldMatch() {
    HmacSecret secret = HmacSecret.generate();
    Map<String, String> headers = sign(SignatureScheme.standardWebhooks(), secret);
    String padding = ("v1," + ZERO_BASE64 + " ").repeat(WebhookVerifier.DEFAULT_MAX_SIGNATURES);
    headers.put("webhook-signature", padding + headers.get("webhook-signature"));

    WebhookVerificationException failure =
        failure(SignatureScheme.standardWebhooks(), secret, headers, BODY);

    assertThat(failure.reason()).isEqualTo(MALFORMED_HEADER);
    assertThat(failure.getMessage()).contains("more than 16 signatures");
  }

  @Test
  void verifiesBodiesThatAreNotUtf8() {
    HmacSecret secret = HmacSecret.generate();
    byte[] body = {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, 0x00, (byte) 0x80};
    Map<String, String> headers = WebhookSigner.builder().key(secret).clock(CLOCK).build()
        .sign("msg_binary", body);

    assertThat(verifier(SignatureScheme.standardWebhooks(), secret).verify(headers, body).body())
        .containsExactly(body);
  }

  @Test
  void rejectsABodyOverTheLimitBeforeReadingHeaders() {
    WebhookVerifier verifier = WebhookVerifier.builder().key(HmacSecret.generate())
        .maxPayloadSize(1024).build();

    WebhookVerificationException failure = (WebhookVerificationException) catchThrowable(
        () -> verifier.verify(Map.of(), new byte[1025]));

    assertThat(failure.reason()).isEqualTo(PAYLOAD_TOO_LARGE);
    assertThat(failure.getMessage()).contains("1025").contains("1024");
  }

  @Test
  void throwsOnlyVerificationExceptionsForRandomGarbageInEveryHeader() {
    SplittableRandom random = new SplittableRandom(2026);
    String[] alphabet = {"v1,", "v1a,", "t=", "v1=", "v0=", "sha256=", ",", " ", "=", "0", "9",
        "A", "/", "+", "é", "\u0000", "\r\n", "-", ".", "ffff", "whsec_", "=="};
    for (SchemeFixture fixture : SchemeFixture.all()) {
      WebhookVerifier verifier = fixture.verifier().clock(CLOCK).build();
      Map<String, String> valid = fixture.signer().sign("msg_fuzz", NOW, BODY);
      for (int i = 0; i < 2_000; i++) {
        Map<String, String> headers = new HashMap<>(valid);
        for (String name : valid.keySet()) {
          if (random.nextInt(3) == 0) {
            headers.put(name, garbage(random, alphabet));
          }
        }
        Throwable thrown = catchThrowable(() -> verifier.verify(headers, BODY));
        if (thrown != null) {
          assertThat(thrown).as("%s with %s", fixture, headers)
              .isInstanceOf(WebhookVerificationException.class);
        }
      }
    }
  }

  @Test
  void neverPutsTheSecretOrExpectedSignatureInAMessage() {
    HmacSecret secret = HmacSecret.generate();
    Map<String, String> signed = sign(SignatureScheme.standardWebhooks(), secret);
    Map<String, String> forged = new HashMap<>(signed);
    forged.put("webhook-signature", "v1," + ZERO_BASE64);

    WebhookVerificationException failure =
        failure(SignatureScheme.standardWebhooks(), secret, forged, BODY);

    String expected = signed.get("webhook-signature").substring(3);
    assertThat(failure.getMessage())
        .doesNotContain(expected)
        .doesNotContain(secret.encode())
        .doesNotContain(secret.encode().substring(6));
  }

  private static Arguments row(String label, String header, String value, Reason reason) {
    return Arguments.of(label, header, value, reason);
  }

  private static void assertReason(
      SignatureScheme scheme, HmacSecret secret, String header, String value, Reason reason) {
    Map<String, String> headers = sign(scheme, secret);
    if (value.equals(ABSENT)) {
      headers.remove(header);
    } else {
      headers.put(header, value);
    }

    WebhookVerificationException failure = failure(scheme, secret, headers, BODY);

    assertThat(failure.reason()).isEqualTo(reason);
    assertThat(failure.getMessage()).isNotBlank().hasSizeLessThan(400);
  }

  private static Map<String, String> sign(SignatureScheme scheme, HmacSecret secret) {
    WebhookSigner.Builder signer = WebhookSigner.builder().scheme(scheme).key(secret).clock(CLOCK);
    if (scheme.signsRequestUrl()) {
      signer.requestUrl(SchemeFixture.REQUEST_URL);
    }
    return new HashMap<>(signer.build().sign("msg_1", BODY));
  }

  private static WebhookVerifier verifier(SignatureScheme scheme, HmacSecret secret) {
    WebhookVerifier.Builder verifier =
        WebhookVerifier.builder().scheme(scheme).key(secret).clock(CLOCK);
    if (scheme.signsRequestUrl()) {
      verifier.requestUrl(SchemeFixture.REQUEST_URL);
    }
    return verifier.build();
  }

  private static WebhookVerificationException failure(
      SignatureScheme scheme, HmacSecret secret, Map<String, ?> headers, byte[] body) {
    Throwable thrown = catchThrowable(() -> verifier(scheme, secret).verify(headers, body));
    assertThat(thrown).isInstanceOf(WebhookVerificationException.class);
    return (WebhookVerificationException) thrown;
  }

  private static Map<String, List<String>> multi(Map<String, String> headers) {
    Map<String, List<String>> multi = new HashMap<>();
    headers.forEach((name, value) -> multi.put(name, new ArrayList<>(List.of(value))));
    return multi;
  }

  private static String garbage(SplittableRandom random, String[] alphabet) {
    StringBuilder value = new StringBuilder();
    int parts = random.nextInt(0, 12);
    for (int i = 0; i < parts; i++) {
      value.append(alphabet[random.nextInt(alphabet.length)]);
    }
    return value.toString();
  }
}
