package dev.hookmesh.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The snippets of {@code docs/retries.md}: each test's body is one snippet, word for word. */
class RetryDocsExamplesTest {

  @Test
  void standardWebhooksLadder() {
    RetryPolicy policy = RetryPolicy.standardWebhooks();
  }

  @Test
  void exponentialWithOwnBounds() {
    RetryPolicy policy = RetryPolicy.exponential().newBuilder()
        .initial(Duration.ofSeconds(1))
        .maxDelay(Duration.ofMinutes(10))
        .maxAttempts(6)
        .maxElapsed(Duration.ofHours(1))
        .build();
  }

  @Test
  void fixedScheduleWithJitter() {
    RetryPolicy policy = FixedSchedule.builder(Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofMinutes(30))
        .jitter(0.1)
        .maxAttempts(10)
        .build();
  }

  @Test
  void lambdaPolicy() {
    RetryPolicy policy = (attempt, outcome) ->
        outcome.classification() == Classification.RETRYABLE && attempt < 3
            ? RetryDecision.retryAfter(Duration.ofSeconds(30))
            : RetryDecision.stop();

    assertThat(policy.decide(1, AttemptOutcome.response(502, Map.of(), Duration.ofMillis(40))))
        .isEqualTo(RetryDecision.retryAfter(Duration.ofSeconds(30)));
  }

  @Test
  void stopOnClientErrors() {
    RetryPolicy policy = RetryPolicy.standardWebhooks().newBuilder()
        .clientErrors(ClientErrorHandling.STOP)
        .build();

    assertThat(policy.decide(1, AttemptOutcome.response(404, Map.of(), Duration.ofMillis(40))))
        .isEqualTo(RetryDecision.stop());
  }

  @Test
  void retryAfterLengthensTheWait() {
    AttemptOutcome outcome = AttemptOutcome.response(503, Map.of("Retry-After", List.of("120")), Duration.ofMillis(80));

    RetryDecision decision = RetryPolicy.standardWebhooks().decide(1, outcome);

    assertThat(decision.delay()).isEqualTo(Duration.ofSeconds(120));
  }

  @Test
  void boundedRetryAfter() {
    RetryPolicy policy = RetryPolicy.exponential().newBuilder()
        .maxRetryAfter(Duration.ofMinutes(15))
        .build();
  }

  @Test
  void docsSnippetsAreTheBodiesOfTheseTests() throws IOException {
    Map<String, String> snippets = snippetsByTest(read("../docs/retries.md"));
    String source = read("src/test/java/dev/hookmesh/retry/RetryDocsExamplesTest.java");

    assertThat(snippets).hasSize(7);
    snippets.forEach((test, snippet) ->
        assertThat(normalized(bodyOf(source, test))).as("body of %s", test).isEqualTo(normalized(snippet)));
  }

  private static String read(String path) throws IOException {
    return Files.readString(Path.of(path), StandardCharsets.UTF_8);
  }

  private static Map<String, String> snippetsByTest(String markdown) {
    Matcher matcher = Pattern.compile("```java\\n(.*?)```\\n\\(`RetryDocsExamplesTest\\.(\\w+)`\\)", Pattern.DOTALL)
        .matcher(markdown);
    Map<String, String> snippets = new LinkedHashMap<>();
    while (matcher.find()) {
      snippets.put(matcher.group(2), matcher.group(1));
    }
    return snippets;
  }

  private static String bodyOf(String source, String test) {
    int start = source.indexOf("void " + test + "() {\n");
    assertThat(start).as("test %s", test).isNotNegative();
    int bodyStart = source.indexOf('\n', start) + 1;
    return source.substring(bodyStart, source.indexOf("\n  }\n", bodyStart));
  }

  private static String normalized(String code) {
    return code.lines().map(String::strip).filter(line -> !line.isEmpty()).collect(Collectors.joining("\n"));
  }
}
