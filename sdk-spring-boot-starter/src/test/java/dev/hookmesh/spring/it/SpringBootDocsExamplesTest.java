package dev.hookmesh.spring.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookmesh.spring.HookmeshReceiverProperties;
import dev.hookmesh.spring.test.SignedWebhookRequests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/**
 * The test-support examples of docs/spring-boot.md, run as tests, and a check that every Java
 * snippet in that page appears in a compiled source: here, in samples/receiver or in
 * samples/quickstart.
 */
@SpringBootTest
@AutoConfigureMockMvc
class SpringBootDocsExamplesTest {

  @Autowired HookmeshReceiverProperties properties;
  @Autowired MockMvcTester mvc;

  @Test
  void signedRequestForAConfiguredEndpoint() {
    SignedWebhookRequests billing = SignedWebhookRequests.forEndpoint(properties, "billing");

    assertThat(mvc.perform(billing.post("""
        {"type": "invoice.paid", "id": "in_1", "amount": 4200}
        """))).hasStatus(204);
  }

  @Test
  void signedRequestWithAnExtraHeader() {
    SignedWebhookRequests github = SignedWebhookRequests.forEndpoint(properties, "github");

    assertThat(mvc.perform(github.post("{\"ref\": \"refs/heads/main\"}")
        .header("X-GitHub-Event", "push"))).hasStatus(204);
  }

  @Test
  void forgedRequestIsRefused() {
    SignedWebhookRequests forger = SignedWebhookRequests.of(
        "/webhooks/billing", "standard-webhooks", "whsec_Zm9yZ2VkIGtleSBmb3IgdGVzdHM=");

    assertThat(mvc.perform(forger.post("{\"type\": \"invoice.paid\"}"))).hasStatus(401);
  }

  @Test
  void everyJavaSnippetInTheDocsIsCompiledSource() throws IOException {
    Path root = Path.of("").toAbsolutePath();
    while (!Files.exists(root.resolve("docs/spring-boot.md"))) {
      root = root.getParent();
    }
    String sources = compiledSources(root.resolve("sdk-spring-boot-starter/src/test/java"))
        + compiledSources(root.resolve("samples/receiver/src"))
        + compiledSources(root.resolve("samples/quickstart/src"));
    List<String> snippets = snippets(Files.readString(root.resolve("docs/spring-boot.md")));

    assertThat(snippets).isNotEmpty();
    for (String snippet : snippets) {
      assertThat(normalize(sources)).as("docs snippet:%n%s", snippet).contains(normalize(snippet));
    }
  }

  private static List<String> snippets(String markdown) {
    Matcher java = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(markdown);
    List<String> snippets = new ArrayList<>();
    while (java.find()) {
      snippets.add(java.group(1));
    }
    return snippets;
  }

  private static String compiledSources(Path dir) throws IOException {
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        all.append(Files.readString(file)).append('\n');
      }
    }
    return all.toString();
  }

  /** Compares code by its lines, ignoring indentation and blank lines. */
  private static String normalize(String code) {
    return code.lines().map(String::strip).filter(line -> !line.isEmpty())
        .collect(java.util.stream.Collectors.joining("\n", "", "\n"));
  }
}
