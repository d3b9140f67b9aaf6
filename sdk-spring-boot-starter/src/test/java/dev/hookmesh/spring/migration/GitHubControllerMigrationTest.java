package dev.hookmesh.spring.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookmesh.DocSnippets;
import dev.hookmesh.spring.WebhookHeader;
import dev.hookmesh.spring.WebhookListener;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * docs/migration-github.md: a hand-written GitHub webhook controller and the listener that
 * replaces it, side by side in one application, given GitHub's published test vector.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.main.banner-mode=off",
    "hookmesh.sender.enabled=false",
    "hookmesh.receiver.endpoints.github.scheme=github",
    "hookmesh.receiver.endpoints.github.secrets[0]=It's a Secret to Everybody"})
class GitHubControllerMigrationTest {

  private static final String SIGNATURE =
      "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
  private static final String FORGED = "sha256=" + "0".repeat(64);

  @LocalServerPort
  int port;

  @Autowired
  Handled handled;

  @ParameterizedTest
  @ValueSource(strings = {"/github-legacy", "/webhooks/github"})
  void bothAcceptGitHubsSignedRequest(String path) throws Exception {
    assertThat(post(path, SIGNATURE, "delivery-" + path).statusCode()).isBetween(200, 299);
    assertThat(handled.pushes).contains("delivery-" + path);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/github-legacy", "/webhooks/github"})
  void bothRejectAForgery(String path) throws Exception {
    assertThat(post(path, FORGED, "forged-" + path).statusCode()).isEqualTo(401);
    assertThat(handled.pushes).doesNotContain("forged-" + path);
  }

  @Test
  void onlyTheListenerDropsARedelivery() throws Exception {
    post("/github-legacy", SIGNATURE, "twice-legacy");
    post("/github-legacy", SIGNATURE, "twice-legacy");
    post("/webhooks/github", SIGNATURE, "twice-listener");
    post("/webhooks/github", SIGNATURE, "twice-listener");

    assertThat(handled.pushes.stream().filter("twice-legacy"::equals)).hasSize(2);
    assertThat(handled.pushes.stream().filter("twice-listener"::equals)).hasSize(1);
  }

  @Test
  void everyJavaBlockOfTheMigrationPageIsCompiledHere() {
    DocSnippets.assertSnippetsAreRegions("../docs/migration-github.md",
        GitHubControllerMigrationTest.class);
  }

  private HttpResponse<String> post(String path, String signature, String delivery)
      throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Content-Type", "application/json")
        .header("X-GitHub-Event", "push")
        .header("X-GitHub-Delivery", delivery)
        .header("X-Hub-Signature-256", signature)
        .POST(HttpRequest.BodyPublishers.ofString("Hello, World!"))
        .build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** What was handled, by delivery id. */
  @Component
  static class Handled {
    final List<String> pushes = new CopyOnWriteArrayList<>();
  }

  // docs:before
  @RestController
  static class GitHubWebhookController {
    private final byte[] secret = "It's a Secret to Everybody".getBytes(StandardCharsets.UTF_8);
    private final Handled handled;

    GitHubWebhookController(Handled handled) {
      this.handled = handled;
    }

    @PostMapping("/github-legacy")
    ResponseEntity<Void> receive(@RequestHeader("X-Hub-Signature-256") String signature,
        @RequestHeader("X-GitHub-Event") String event,
        @RequestHeader("X-GitHub-Delivery") String delivery,
        @RequestBody byte[] payload) throws Exception {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      byte[] expected = ("sha256=" + HexFormat.of().formatHex(mac.doFinal(payload)))
          .getBytes(StandardCharsets.UTF_8);
      if (!MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.UTF_8))) {
        return ResponseEntity.status(401).build();
      }
      if (event.equals("push")) {
        handled.pushes.add(delivery);
      }
      return ResponseEntity.noContent().build();
    }
  }
  // end

  // docs:after
  @Component
  static class GitHubListeners {
    private final Handled handled;

    GitHubListeners(Handled handled) {
      this.handled = handled;
    }

    @WebhookListener(endpoint = "github", events = "push")
    void onPush(byte[] payload, @WebhookHeader("X-GitHub-Delivery") String delivery) {
      handled.pushes.add(delivery);
    }
  }
  // end

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import({Handled.class, GitHubWebhookController.class, GitHubListeners.class})
  static class MigrationApplication {}
}
