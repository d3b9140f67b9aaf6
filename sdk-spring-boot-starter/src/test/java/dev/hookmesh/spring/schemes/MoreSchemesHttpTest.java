package dev.hookmesh.spring.schemes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookmesh.WebhookSigner;
import dev.hookmesh.signature.Ed25519PrivateKey;
import dev.hookmesh.signature.HmacSecret;
import dev.hookmesh.signature.SignatureScheme;
import dev.hookmesh.spring.WebhookEventType;
import dev.hookmesh.spring.WebhookListener;
import dev.hookmesh.spring.it.LoopbackClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Paddle, GitLab, Coinbase Commerce and Discord endpoints named in configuration, receiving
 * over real HTTP what their senders' formats carry, each with its default event type.
 */
@SpringBootTest(classes = MoreSchemesHttpTest.App.class, webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
        "hookmesh.receiver.endpoints.paddle.scheme=paddle",
        "hookmesh.receiver.endpoints.paddle.secrets[0]=" + MoreSchemesHttpTest.PADDLE_SECRET,
        "hookmesh.receiver.endpoints.gitlab.scheme=gitlab",
        "hookmesh.receiver.endpoints.gitlab.secrets[0]=" + MoreSchemesHttpTest.GITLAB_TOKEN,
        "hookmesh.receiver.endpoints.coinbase.scheme=coinbase-commerce",
        "hookmesh.receiver.endpoints.coinbase.secrets[0]=" + MoreSchemesHttpTest.COINBASE_SECRET,
        "hookmesh.receiver.endpoints.discord.scheme=discord"})
class MoreSchemesHttpTest {

  static final String PADDLE_SECRET = "pdl_ntfset_01hv8x_test_secret";
  static final String GITLAB_TOKEN = "gitlab-secret-token";
  static final String COINBASE_SECRET = "coinbase-shared-secret";
  static final Ed25519PrivateKey DISCORD = Ed25519PrivateKey.generate();

  /** Discord shows an application's public key as 64 hex digits; configured the same way. */
  @DynamicPropertySource
  static void discordKey(DynamicPropertyRegistry registry) {
    registry.add("hookmesh.receiver.endpoints.discord.secrets[0]",
        () -> HexFormat.of().formatHex(DISCORD.publicKey().toBytes()));
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {
    @Bean
    Listeners listeners() {
      return new Listeners();
    }
  }

  @Component
  static class Listeners {
    final List<String> calls = new CopyOnWriteArrayList<>();

    @WebhookListener(endpoint = "paddle", events = "subscription.*")
    void paddle(@WebhookEventType String type) {
      calls.add("paddle " + type);
    }

    @WebhookListener(endpoint = "gitlab", events = "Push Hook")
    void gitlab(@WebhookEventType String type) {
      calls.add("gitlab " + type);
    }

    @WebhookListener(endpoint = "coinbase", events = "charge:confirmed")
    void coinbase(@WebhookEventType String type) {
      calls.add("coinbase " + type);
    }

    @WebhookListener(endpoint = "discord")
    void discord(@WebhookEventType String type) {
      calls.add("discord " + type);
    }
  }

  @LocalServerPort int port;
  @Autowired Listeners listeners;

  private HttpResponse<String> post(String endpoint, SignatureScheme scheme, Object key,
      String body, Map<String, String> extra) {
    WebhookSigner.Builder signer = WebhookSigner.builder().scheme(scheme);
    if (key instanceof Ed25519PrivateKey ed25519) {
      signer.key(ed25519);
    } else {
      signer.key(HmacSecret.ofUtf8((String) key));
    }
    Map<String, String> headers = new HashMap<>(signer.build().sign("msg_1",
        body.getBytes(StandardCharsets.UTF_8)));
    headers.putAll(extra);
    return new LoopbackClient(port).post("/webhooks/" + endpoint, headers, body);
  }

  @Test
  void eachSchemeIsUsableByNameAndReadsItsEventType() {
    assertThat(post("paddle", SignatureScheme.paddle(), PADDLE_SECRET,
        "{\"event_id\":\"evt_1\",\"event_type\":\"subscription.created\"}", Map.of())
        .statusCode()).isEqualTo(204);
    assertThat(post("gitlab", SignatureScheme.gitlab(), GITLAB_TOKEN,
        "{\"object_kind\":\"push\"}", Map.of("X-Gitlab-Event", "Push Hook")).statusCode())
        .isEqualTo(204);
    assertThat(post("coinbase", SignatureScheme.coinbaseCommerce(), COINBASE_SECRET,
        "{\"event\":{\"id\":\"e1\",\"type\":\"charge:confirmed\"}}", Map.of()).statusCode())
        .isEqualTo(204);
    assertThat(post("discord", SignatureScheme.discord(), DISCORD, "{\"type\":1}", Map.of())
        .statusCode()).isEqualTo(204);

    assertThat(listeners.calls).containsExactly("paddle subscription.created",
        "gitlab Push Hook", "coinbase charge:confirmed", "discord 1");
  }

  @Test
  void aWrongSecretIsRefusedWith401AndAReason() {
    HttpResponse<String> paddle = post("paddle", SignatureScheme.paddle(), "another-secret",
        "{\"event_type\":\"subscription.created\"}", Map.of());
    HttpResponse<String> gitlab = post("gitlab", SignatureScheme.gitlab(), "guessed-token",
        "{}", Map.of("X-Gitlab-Event", "Push Hook"));
    HttpResponse<String> discord = post("discord", SignatureScheme.discord(),
        Ed25519PrivateKey.generate(), "{\"type\":1}", Map.of());

    for (HttpResponse<String> refused : List.of(paddle, gitlab, discord)) {
      assertThat(refused.statusCode()).isEqualTo(401);
      assertThat(refused.body()).contains("NO_MATCHING_SIGNATURE");
    }
  }
}
