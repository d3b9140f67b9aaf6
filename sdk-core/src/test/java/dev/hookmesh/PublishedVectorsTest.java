package dev.hookmesh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookmesh.signature.Ed25519PrivateKey;
import dev.hookmesh.signature.Ed25519PublicKey;
import dev.hookmesh.signature.HmacSecret;
import dev.hookmesh.signature.SignatureScheme;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The published test vectors (Standard Webhooks specification, Svix's tests, GitHub's
 * documentation), copied from the project's interop folder: each must verify, and signing the
 * same input must give the same bytes.
 */
class PublishedVectorsTest {

  private static final JsonNode VECTORS = load();

  private static JsonNode load() {
    try (InputStream in = PublishedVectorsTest.class.getResourceAsStream("/interop/vectors.json")) {
      return JsonMapper.shared().readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static Stream<JsonNode> standardV1() {
    return VECTORS.get("standard_webhooks_v1").valueStream();
  }

  static Stream<JsonNode> standardV1a() {
    return VECTORS.get("standard_webhooks_v1a").valueStream();
  }

  static Stream<JsonNode> github() {
    return VECTORS.get("github_sha256").valueStream();
  }

  @ParameterizedTest
  @MethodSource("standardV1")
  void standardWebhooksV1VectorVerifies(JsonNode vector) {
    WebhookVerifier verifier = WebhookVerifier.builder()
        .key(vector.get("secret").asString())
        .clock(at(vector.get("timestamp").asLong()))
        .build();

    WebhookEvent event = verifier.verify(standardHeaders(vector, vector.get("signature").asString()),
        payload(vector));

    assertThat(event.id()).isEqualTo(vector.get("id").asString());
    assertThat(event.timestamp()).isEqualTo(Instant.ofEpochSecond(vector.get("timestamp").asLong()));
    assertThat(event.keyIndex()).isZero();
  }

  @ParameterizedTest
  @MethodSource("standardV1")
  void standardWebhooksV1VectorSignsIdentically(JsonNode vector) {
    WebhookSigner signer = WebhookSigner.builder().key(vector.get("secret").asString()).build();

    Map<String, String> headers = signer.sign(vector.get("id").asString(),
        Instant.ofEpochSecond(vector.get("timestamp").asLong()), payload(vector));

    assertThat(headers).containsEntry("webhook-signature", vector.get("signature").asString())
        .containsEntry("webhook-id", vector.get("id").asString())
        .containsEntry("webhook-timestamp", vector.get("timestamp").asString());
  }

  @ParameterizedTest
  @MethodSource("standardV1a")
  void standardWebhooksV1aVectorVerifiesWithThePublicKey(JsonNode vector) {
    WebhookVerifier verifier = WebhookVerifier.builder()
        .key(vector.get("public_key").asString())
        .clock(at(vector.get("timestamp").asLong()))
        .build();

    WebhookEvent event = verifier.verify(standardHeaders(vector, vector.get("signature").asString()),
        payload(vector));

    assertThat(event.id()).isEqualTo(vector.get("id").asString());
    assertThat(verifier.keys()).singleElement().isInstanceOf(Ed25519PublicKey.class);
  }

  @ParameterizedTest
  @MethodSource("standardV1a")
  void standardWebhooksV1aVectorSignsIdentically(JsonNode vector) {
    Ed25519PrivateKey key = Ed25519PrivateKey.parse(vector.get("secret_key").asString());
    WebhookSigner signer = WebhookSigner.builder().key(key).build();

    Map<String, String> headers = signer.sign(vector.get("id").asString(),
        Instant.ofEpochSecond(vector.get("timestamp").asLong()), payload(vector));

    assertThat(headers).containsEntry("webhook-signature", vector.get("signature").asString());
    assertThat(key.publicKey()).isEqualTo(Ed25519PublicKey.parse(vector.get("public_key").asString()));
  }

  @ParameterizedTest
  @MethodSource("github")
  void gitHubVectorVerifies(JsonNode vector) {
    WebhookVerifier verifier = WebhookVerifier.builder()
        .scheme(SignatureScheme.github())
        .key(vector.get("secret").asString())
        .build();

    WebhookEvent event = verifier.verify(
        Map.of("X-Hub-Signature-256", vector.get("header").asString()), payload(vector));

    assertThat(event.bodyAsString()).isEqualTo(vector.get("payload").asString());
    assertThat(event.timestamp()).isNull();
  }

  @ParameterizedTest
  @MethodSource("github")
  void gitHubVectorSignsIdentically(JsonNode vector) {
    WebhookSigner signer = WebhookSigner.builder()
        .scheme(SignatureScheme.github())
        .key(HmacSecret.ofUtf8(vector.get("secret").asString()))
        .build();

    assertThat(signer.sign("delivery-1", payload(vector)))
        .containsEntry("X-Hub-Signature-256", vector.get("header").asString())
        .containsEntry("X-GitHub-Delivery", "delivery-1");
  }

  private static Map<String, List<String>> standardHeaders(JsonNode vector, String signature) {
    return Map.of(
        "webhook-id", List.of(vector.get("id").asString()),
        "webhook-timestamp", List.of(vector.get("timestamp").asString()),
        "webhook-signature", List.of(signature));
  }

  private static byte[] payload(JsonNode vector) {
    return vector.get("payload").asString().getBytes(StandardCharsets.UTF_8);
  }

  private static Clock at(long epochSecond) {
    return Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
  }
}
