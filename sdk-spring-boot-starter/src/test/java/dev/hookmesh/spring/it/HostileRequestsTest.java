package dev.hookmesh.spring.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookmesh.WebhookSigner;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Requests an attacker or a broken sender might send: each gets its 4xx, never a 500, and
 * never reaches a listener.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class HostileRequestsTest {

  private static final String SECRET = ReceiverHttpTest.BILLING_SECRET;
  private static final WebhookSigner SIGNER = WebhookSigner.builder().key(SECRET).build();

  @LocalServerPort int port;
  @Autowired ReceiverTestApplication.Calls calls;
  LoopbackClient client;

  @BeforeEach
  void setUp() {
    client = new LoopbackClient(port);
  }

  /** A hostile request: how to send it, given a fresh message id unique to the case. */
  interface Attack {
    HttpResponse<String> send(LoopbackClient client, String id);
  }

  static String body(String id) {
    return "{\"type\":\"invoice.created\",\"id\":\"" + id + "\",\"amount\":1}";
  }

  static Map<String, Object> signed(String id) {
    return new LinkedHashMap<>(SIGNER.sign(id, body(id)));
  }

  static Map<String, Object> with(String id, String name, Object value) {
    return LoopbackClient.plus(SIGNER.sign(id, body(id)), name, value);
  }

  static Map<String, Object> without(String id, String name) {
    Map<String, Object> headers = signed(id);
    headers.remove(name);
    return headers;
  }

  static HttpResponse<String> billing(LoopbackClient client, Map<String, ?> headers, String id) {
    return client.post("/webhooks/billing", headers, body(id));
  }

  static Arguments attack(String name, int status, Attack attack) {
    return Arguments.of(Named.of(name, attack), status);
  }

  static Stream<Arguments> attacks() {
    long now = Instant.now().getEpochSecond();
    return Stream.of(
        attack("no headers at all", 400, (c, id) -> billing(c, Map.of(), id)),
        attack("missing webhook-id", 400, (c, id) -> billing(c, without(id, "webhook-id"), id)),
        attack("missing webhook-timestamp", 400,
            (c, id) -> billing(c, without(id, "webhook-timestamp"), id)),
        attack("missing webhook-signature", 400,
            (c, id) -> billing(c, without(id, "webhook-signature"), id)),
        attack("repeated webhook-id", 400, (c, id) -> {
          Map<String, Object> headers = signed(id);
          headers.put("webhook-id", List.of(id, "msg_other"));
          return billing(c, headers, id);
        }),
        attack("repeated webhook-timestamp", 400, (c, id) -> {
          Map<String, Object> headers = signed(id);
          headers.put("webhook-timestamp", List.of(Long.toString(now), Long.toString(now - 1)));
          return billing(c, headers, id);
        }),
        attack("signature that is not base64", 400,
            (c, id) -> billing(c, with(id, "webhook-signature", "v1,!!!not*base64!!!"), id)),
        attack("signature without a version", 400,
            (c, id) -> billing(c, with(id, "webhook-signature", "garbage"), id)),
        attack("timestamp that is not a number", 400,
            (c, id) -> billing(c, with(id, "webhook-timestamp", "yesterday"), id)),
        attack("huge signature header within the server's limit", 400,
            (c, id) -> billing(c, with(id, "webhook-signature", "v1," + "A".repeat(6000)), id)),
        attack("header over the server's limit", 400,
            (c, id) -> billing(c, with(id, "X-Padding", "A".repeat(20_000)), id)),
        attack("timestamp a day in the past", 401, (c, id) -> billing(c, signedAt(id, -1), id)),
        attack("timestamp a day in the future", 401, (c, id) -> billing(c, signedAt(id, 1), id)),
        attack("body changed after signing", 401, (c, id) ->
            c.post("/webhooks/billing", signed(id), body(id).replace("\"amount\":1", "\"amount\":9"))),
        attack("10 MB body with its length declared", 413, (c, id) ->
            c.post("/webhooks/billing", signed(id), "application/json",
                BodyPublishers.ofByteArray(new byte[10 * 1024 * 1024]))),
        attack("2 MB body sent chunked", 413, (c, id) ->
            c.post("/webhooks/billing", signed(id), "application/json",
                BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[2 * 1024 * 1024])))),
        attack("signed form body instead of JSON", 400, (c, id) -> {
          byte[] form = ("payload=" + id).getBytes(StandardCharsets.UTF_8);
          return c.post("/webhooks/billing", SIGNER.sign(id, form),
              "application/x-www-form-urlencoded", BodyPublishers.ofByteArray(form));
        }),
        attack("signed body that is not UTF-8", 400, (c, id) -> {
          byte[] latin1 = ("{\"type\":\"invoice.created\",\"id\":\"" + id + "\",\"n\":\"\u00e9\"}")
              .getBytes(StandardCharsets.ISO_8859_1);
          return c.post("/webhooks/billing", SIGNER.sign(id, latin1), latin1);
        }),
        attack("unsigned body that is not UTF-8", 400, (c, id) ->
            c.post("/webhooks/billing", Map.of(), new byte[] {(byte) 0xff, (byte) 0xfe, 0, (byte) 0xc3})));
  }

  static Map<String, String> signedAt(String id, int days) {
    Clock shifted = Clock.fixed(Instant.now().plus(Duration.ofDays(days)), ZoneOffset.UTC);
    return WebhookSigner.builder().key(SECRET).clock(shifted).build().sign(id, body(id));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("attacks")
  void isRefusedWithItsStatusAndNeverReachesTheListener(Attack attack, int status) {
    String id = "msg_" + UUID.randomUUID().toString().replace("-", "");

    HttpResponse<String> response = attack.send(client, id);

    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(calls.mentioning(id)).isEmpty();
    assertThat(response.body()).doesNotContain(SECRET, SECRET.substring(6));
  }
}
