package dev.hookmesh;

import static dev.hookmesh.LoopbackReceiver.SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookmesh.retry.RetryPolicy;
import dev.hookmesh.signature.SignatureScheme;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EndpointTest {

  private static final String CREDENTIALED =
      "https://bob:hunter2pass@hooks.example.com/in?token=tok_SECRETQUERY";

  @ParameterizedTest(name = "refuses {0}")
  @ValueSource(strings = {"ftp://x", "/relative/path", "hooks.example.com/in", "https://"})
  void refusesUrlsThatAreNotAbsoluteHttpOrHttps(String url) {
    assertThatThrownBy(() -> Endpoint.builder(url))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Endpoint URL must be absolute http or https: " + url);
  }

  @Test
  void leavesTheQueryOutOfTheErrorMessage() {
    assertThatThrownBy(() -> Endpoint.builder("ftp://x/?token=s3cr3t"))
        .hasMessageNotContaining("s3cr3t");
  }

  // What stands before an @ may be a user name and password, whatever the scheme.
  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "ftp://bob:hunter2pass@hooks.example.com/in?token=tok_SECRETQUERY, ftp://***@hooks.example.com/in?***",
      "mailto:a@b.c, ***@b.c",
      "bob:hunter2pass@hooks.example.com/in, ***@hooks.example.com/in",
      "https://bob:hunter2pass@/in, https://***@/in",
      "ftp://x/in#hunter2pass, ftp://x/in?***",
  })
  void leavesUserInfoQueryAndFragmentOutOfTheErrorMessage(String url, String shown) {
    assertThatThrownBy(() -> Endpoint.builder(url))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Endpoint URL must be absolute http or https: " + shown);
  }

  @Test
  void leavesUserInfoOutOfTheMissingKeyMessage() {
    assertThatThrownBy(() -> Endpoint.builder(CREDENTIALED).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Endpoint https://hooks.example.com/in needs a signing key: call key(\"whsec_...\")");
  }

  @Test
  void aDefaultIdCarriesNoCredentials() {
    Endpoint endpoint = Endpoint.builder(CREDENTIALED).key(SECRET).build();

    assertThat(endpoint.id())
        .matches("https://hooks\\.example\\.com/in#[0-9a-f]{12}")
        .doesNotContain("bob", "hunter2pass", "tok_SECRETQUERY");
    assertThat(endpoint.toString()).doesNotContain("bob", "hunter2pass", "tok_SECRETQUERY");
  }

  @Test
  void aDefaultIdIsStableForTheSameUrl() {
    Endpoint first = Endpoint.builder(CREDENTIALED).key(SECRET).build();
    Endpoint again = Endpoint.builder("HTTPS://bob:hunter2pass@Hooks.Example.com:443/in?token=tok_SECRETQUERY")
        .key(SECRET).build();

    assertThat(again.id()).isEqualTo(first.id());
  }

  @Test
  void urlsThatDifferOnlyInACredentialGetDifferentIds() {
    String base = "https://hooks.example.com/in";

    assertThat(List.of(
        Endpoint.builder(base + "?token=a").key(SECRET).build().id(),
        Endpoint.builder(base + "?token=b").key(SECRET).build().id(),
        Endpoint.builder("https://u:a@hooks.example.com/in").key(SECRET).build().id(),
        Endpoint.builder("https://u:b@hooks.example.com/in").key(SECRET).build().id(),
        Endpoint.builder(base + "#a").key(SECRET).build().id(),
        Endpoint.builder(base).key(SECRET).build().id()))
        .doesNotHaveDuplicates();
  }

  @Test
  void needsASigningKey() {
    assertThatThrownBy(() -> Endpoint.builder("https://hooks.example.com/in").id("ep_1").build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("ep_1").hasMessageContaining("key");
  }

  @Test
  void refusesAKeyTheSchemeCannotRead() {
    assertThatThrownBy(() -> Endpoint.of("ep_1", "https://hooks.example.com/in", "not base64 !"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesHeadersTheClientSets() {
    Endpoint.Builder builder = Endpoint.builder("https://hooks.example.com/in");

    assertThatThrownBy(() -> builder.header("webhook-id", "x")).hasMessageContaining("set by the client");
    assertThatThrownBy(() -> builder.header("Content-Type", "x")).hasMessageContaining("set by the client");
  }

  @Test
  void theIdDefaultsToTheUrl() {
    Endpoint endpoint = Endpoint.builder("https://hooks.example.com/in").key(SECRET).build();

    assertThat(endpoint.id()).isEqualTo("https://hooks.example.com/in");
  }

  @Test
  void keepsItsOverrides() {
    RetryPolicy policy = RetryPolicy.none();
    Endpoint endpoint = Endpoint.builder("https://hooks.example.com/in").id("ep_1").key(SECRET)
        .header("X-Customer", "acme")
        .retryPolicy(policy).connectTimeout(Duration.ofSeconds(1)).callTimeout(Duration.ofSeconds(2))
        .followRedirects(true).maxConcurrency(3).build();

    assertThat(endpoint.scheme()).isSameAs(SignatureScheme.standardWebhooks());
    assertThat(endpoint.headers()).containsEntry("X-Customer", List.of("acme"));
    assertThat(endpoint.retryPolicy()).containsSame(policy);
    assertThat(endpoint.connectTimeout()).contains(Duration.ofSeconds(1));
    assertThat(endpoint.callTimeout()).contains(Duration.ofSeconds(2));
    assertThat(endpoint.followRedirects()).isTrue();
    assertThat(endpoint.maxConcurrency()).hasValue(3);
    Endpoint copy = endpoint.newBuilder().maxConcurrency(4).build();
    assertThat(copy.maxConcurrency()).hasValue(4);
    assertThat(copy.signer()).isSameAs(endpoint.signer());
    assertThat(copy.id()).isEqualTo("ep_1");
  }

  @Test
  void defaultsToTheClientsSettings() {
    Endpoint endpoint = Endpoint.of("ep_1", "https://hooks.example.com/in", SECRET);

    assertThat(endpoint.retryPolicy()).isEmpty();
    assertThat(endpoint.callTimeout()).isEmpty();
    assertThat(endpoint.maxConcurrency()).isEmpty();
    assertThat(endpoint.followRedirects()).isFalse();
  }

  @Test
  void refusesNonsenseLimits() {
    Endpoint.Builder builder = Endpoint.builder("https://hooks.example.com/in");

    assertThatThrownBy(() -> builder.maxConcurrency(0)).hasMessageContaining("at least 1");
    assertThatThrownBy(() -> builder.callTimeout(Duration.ZERO)).hasMessageContaining("positive");
  }

  @Test
  void toStringShowsNoKeyAndNoCredentialsFromTheUrl() {
    Endpoint endpoint = Endpoint.of("ep_1", "https://user:pw@hooks.example.com/in?token=s3cr3t", SECRET);

    assertThat(endpoint.toString())
        .contains("ep_1", "hooks.example.com/in")
        .doesNotContain("s3cr3t", "pw", SECRET.substring(6));
  }

  @Test
  void anOrderedEndpointStaysOrderedInADerivedBuilder() {
    Endpoint ordered = Endpoint.builder("https://hooks.example.com/in").id("ep_1")
        .key("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").ordered(true).build();

    assertThat(ordered.ordered()).isTrue();
    assertThat(ordered.newBuilder().build().ordered()).isTrue();
    assertThat(ordered.newBuilder().ordered(false).build().ordered()).isFalse();
    assertThat(Endpoint.of("ep_2", "https://hooks.example.com/in",
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").ordered()).isFalse();
  }
}
