package dev.hookmesh.spring.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hookmesh.LoopbackReceiver;
import dev.hookmesh.WebhookVerifier;
import dev.hookmesh.jdbc.JdbcSchema;
import dev.hookmesh.jdbc.TestDatabases;
import dev.hookmesh.jdbc.TestDatabases.PostgresDatabase;
import dev.hookmesh.spring.internal.management.ManagementController;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The management API over real HTTP, on a real Spring context with Spring Security, the JDBC
 * registry and the outbox on PostgreSQL, delivering to a receiver on 127.0.0.1.
 */
@SpringBootTest(classes = {PlatformTestApplication.class, ManagementApiTest.Security.class},
    webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "hookmesh.platform.enabled=true",
        "hookmesh.platform.encryption.keys.k1=" + ManagementApiTest.KEY,
        "hookmesh.management.enabled=true",
        "hookmesh.management.shown-body-chars=64",
        "hookmesh.portal.enabled=true",
        "hookmesh.sender.ssrf.allow=127.0.0.1/32",
        "hookmesh.sender.poll-interval=100ms",
        "hookmesh.sender.retry.policy=exponential",
        "hookmesh.sender.retry.initial=20ms",
        "hookmesh.sender.retry.max-delay=100ms",
        "hookmesh.sender.retry.max-attempts=2",
        "spring.datasource.hikari.connection-timeout=1000"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ManagementApiTest {

  static final String KEY = "yRLGm5xRY5Iu41GE5asWPNrGPTbrRIwTi34+ARCsGnQ=";
  static final PostgresDatabase DATABASE = TestDatabases.postgresDatabase();

  static {
    JdbcSchema.create(DATABASE.dataSource());
  }

  @EnableWebSecurity
  static class Security {}

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", DATABASE::jdbcUrl);
  }

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  @Autowired RequestMappingHandlerMapping mappings;

  private final HttpClient http = HttpClient.newHttpClient();
  private final LoopbackReceiver receiver = new LoopbackReceiver();
  /** Application B's resources, which alice (application A's operator) must never reach. */
  private String endpointB;
  private String messageB;
  private String secretB;
  private String urlB;

  record Response(int status, String contentType, String body, JsonNode json) {}

  @AfterAll
  void close() {
    receiver.close();
  }

  @BeforeEach
  void platform() {
    if (endpointB != null) {
      return;
    }
    call("admin", "POST", "/event-types", """
        {"name": "invoice.paid", "description": "An invoice was paid",
         "schema": {"type": "object", "required": ["id"]},
         "example": {"id": "in_example"}}""");
    call("admin", "POST", "/applications", "{\"id\": \"app_a\", \"name\": \"Acme\"}");
    call("admin", "POST", "/applications", "{\"id\": \"app_b\", \"name\": \"Bravo\"}");
    urlB = receiver.url("/b?token=bravo-credential");
    Response created = call("bob", "POST", "/applications/app_b/endpoints",
        "{\"url\": \"" + urlB + "\", \"description\": \"Bravo's billing\"}");
    endpointB = created.json().path("endpointId").asString();
    secretB = created.json().path("secret").asString();
    messageB = call("bob", "POST", "/applications/app_b/endpoints/" + endpointB + "/test",
        "{\"eventType\": \"invoice.paid\"}").json().path("messageId").asString();
    await().atMost(Duration.ofSeconds(30)).until(() -> receiver.count() >= 1);
  }

  private Response call(String user, String method, String path, String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/hookmesh/api" + path))
        .timeout(Duration.ofSeconds(10))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json");
    if (user != null) {
      request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
          (user + ":" + PlatformTestApplication.PASSWORD).getBytes(StandardCharsets.UTF_8)));
    }
    try {
      HttpResponse<String> response = http.send(request.build(),
          HttpResponse.BodyHandlers.ofString());
      String text = response.body();
      JsonNode parsed = text.isEmpty() || !text.startsWith("{") && !text.startsWith("[")
          ? json.createObjectNode() : json.readTree(text);
      return new Response(response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(""), text, parsed);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void anOperatorManagesItsApplicationsEndpointsAndSeesDeliveries() {
    Response created = call("alice", "POST", "/applications/app_a/endpoints",
        "{\"url\": \"" + receiver.url("/a?token=acme-credential") + "\", \"eventTypes\": [\"invoice.*\"],"
            + " \"headers\": {\"Authorization\": \"Bearer acme-header-credential\"}}");
    assertThat(created.status()).isEqualTo(201);
    String endpoint = created.json().path("endpointId").asString();
    String secret = created.json().path("secret").asString();
    assertThat(secret).startsWith("whsec_");

    Response shown = call("alice", "GET", "/applications/app_a/endpoints/" + endpoint, null);
    assertThat(shown.json().path("url").asString()).endsWith("/a?***")
        .doesNotContain("credential");
    assertThat(shown.json().path("headerNames").toString()).contains("Authorization");
    assertThat(shown.body()).doesNotContain("acme-header-credential").doesNotContain(secret);
    assertThat(shown.json().path("state").asString()).isEqualTo("active");

    Response patched = call("alice", "PATCH", "/applications/app_a/endpoints/" + endpoint,
        "{\"description\": \"Acme's billing\"}");
    assertThat(patched.json().path("description").asString()).isEqualTo("Acme's billing");
    assertThat(patched.json().path("eventTypes").toString()).contains("invoice.*");

    String messageId = call("alice", "POST", "/applications/app_a/endpoints/" + endpoint
        + "/test", "{\"eventType\": \"invoice.paid\"}").json().path("messageId").asString();
    await().atMost(Duration.ofSeconds(30)).until(() -> "delivered".equals(
        call("alice", "GET", "/applications/app_a/messages", null).json().path("data")
            .path(0).path("status").asString()));
    RecordedRequest received = receiver.requests().stream()
        .filter(request -> request.getUrl().encodedPath().equals("/a")).findFirst().orElseThrow();
    assertThat(WebhookVerifier.builder().key(secret).build().verify(
        received.getHeaders().toMultimap(), received.getBody().toByteArray()).id())
        .isEqualTo(messageId);

    Response message = call("alice", "GET", "/applications/app_a/messages/" + messageId, null);
    assertThat(message.json().path("payload").path("id").asString()).isEqualTo("in_example");
    assertThat(message.json().path("deliveries").path(endpoint).asString())
        .isEqualTo("delivered");
    Response attempts = call("alice", "GET", "/applications/app_a/messages/" + messageId
        + "/attempts", null);
    assertThat(attempts.json().path(0).path("status").asInt()).isEqualTo(204);

    Response stats = call("alice", "GET", "/applications/app_a/endpoints/" + endpoint
        + "/stats", null);
    assertThat(stats.json().path(0).path("window").asString()).isEqualTo("PT1H");
    assertThat(stats.json().path(0).path("successRate").asDouble()).isEqualTo(1.0);

    assertThat(call("alice", "POST", "/applications/app_a/messages/" + messageId
        + "/redeliver", null).status()).isEqualTo(202);
    Response rotated = call("alice", "POST", "/applications/app_a/endpoints/" + endpoint
        + "/secret/rotate", "{\"grace\": \"PT2H\"}");
    assertThat(rotated.json().path("secret").asString()).startsWith("whsec_")
        .isNotEqualTo(secret);
    assertThat(rotated.json().path("previousSecretExpiresAt").isNull()).isFalse();
    assertThat(call("alice", "GET", "/applications/app_a/endpoints/" + endpoint + "/secret",
        null).json().path("secret").asString()).isEqualTo(rotated.json().path("secret").asString());
  }

  @Test
  void aConsumerCatchesUpByPollingFromTheCursorItKept() {
    // Polling stops a few seconds short of now, for transactions still open.
    Response first = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
        .until(() -> call("bob", "GET", "/applications/app_b/poll?limit=1", null),
            page -> page.json().path("data").size() == 1);
    assertThat(first.json().path("data").path(0).path("id").asString()).isEqualTo(messageB);
    assertThat(first.json().path("data").path(0).path("payload").path("id").asString())
        .isEqualTo("in_example");
    String cursor = first.json().path("next").asString();
    assertThat(cursor).isNotEmpty();

    Response rest = call("bob", "GET", "/applications/app_b/poll?limit=100&after=" + cursor,
        null);
    assertThat(rest.status()).isEqualTo(200);
    assertThat(rest.json().path("data").toString()).doesNotContain(messageB);
    assertThat(rest.json().path("next").isNull()).isTrue();
  }

  /** Every route, with application B's ids: alice may reach none of them. */
  Stream<Arguments> routesOfApplicationB() {
    platform();
    String app = "/applications/app_b";
    String ep = app + "/endpoints/" + endpointB;
    String msg = app + "/messages/" + messageB;
    return Stream.of(
        Arguments.of("GET", app, null),
        Arguments.of("PATCH", app, "{\"name\": \"Mine now\"}"),
        Arguments.of("DELETE", app, null),
        Arguments.of("GET", app + "/endpoints", null),
        Arguments.of("POST", app + "/endpoints", "{\"url\": \"https://evil.example/in\"}"),
        Arguments.of("GET", ep, null),
        Arguments.of("PATCH", ep, "{\"url\": \"https://evil.example/in\"}"),
        Arguments.of("DELETE", ep, null),
        Arguments.of("GET", ep + "/secret", null),
        Arguments.of("POST", ep + "/secret/rotate", "{}"),
        Arguments.of("POST", ep + "/enable", null),
        Arguments.of("POST", ep + "/recover?since=2020-01-01T00:00:00Z", null),
        Arguments.of("POST", ep + "/test", "{\"eventType\": \"invoice.paid\"}"),
        Arguments.of("GET", ep + "/stats", null),
        Arguments.of("GET", app + "/messages", null),
        Arguments.of("GET", app + "/poll", null),
        Arguments.of("GET", msg, null),
        Arguments.of("GET", msg + "/attempts", null),
        Arguments.of("POST", msg + "/redeliver", null),
        // Application A's routes with B's endpoint and message ids.
        Arguments.of("GET", "/applications/app_a/endpoints/" + endpointB, null),
        Arguments.of("GET", "/applications/app_a/endpoints/" + endpointB + "/secret", null),
        Arguments.of("POST", "/applications/app_a/endpoints/" + endpointB + "/secret/rotate", "{}"),
        Arguments.of("DELETE", "/applications/app_a/endpoints/" + endpointB, null),
        Arguments.of("GET", "/applications/app_a/messages/" + messageB, null),
        Arguments.of("GET", "/applications/app_a/messages/" + messageB + "/attempts", null),
        Arguments.of("POST", "/applications/app_a/messages/" + messageB + "/redeliver", null),
        Arguments.of("POST", "/event-types", "{\"name\": \"sneaky.type\"}"),
        Arguments.of("DELETE", "/event-types/invoice.paid", null));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("routesOfApplicationB")
  void anotherApplicationsOperatorReachesNothingOfIt(String method, String path, String body) {
    Response response = call("alice", method, path, body);

    assertThat(response.status()).as(response.body()).isIn(403, 404);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.body()).doesNotContain(secretB).doesNotContain("bravo-credential")
        .doesNotContain("Bravo").doesNotContain("in_example");
    // Nothing of B changed.
    Response endpoint = call("bob", "GET", "/applications/app_b/endpoints/" + endpointB, null);
    assertThat(endpoint.status()).isEqualTo(200);
    assertThat(endpoint.json().path("url").asString()).isEqualTo(receiver.url("/b") + "?***");
    assertThat(call("bob", "GET", "/applications/app_b/endpoints/" + endpointB + "/secret", null)
        .json().path("secret").asString()).isEqualTo(secretB);
  }

  @Test
  void theApplicationListShowsEachOperatorOnlyItsOwn() {
    assertThat(call("alice", "GET", "/applications", null).json().path("data").toString())
        .contains("app_a").doesNotContain("app_b");
    assertThat(call("admin", "GET", "/applications", null).json().path("data").toString())
        .contains("app_a").contains("app_b");
  }

  @Test
  void errorsAreProblemDetailsThatSayWhatIsWrong() {
    Response anonymous = call(null, "GET", "/applications/app_a", null);
    assertThat(anonymous.status()).isEqualTo(401);

    Response malformed = call("alice", "POST", "/applications/app_a/endpoints", "{\"url\": ");
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.contentType()).startsWith("application/problem+json");

    Response badUrl = call("alice", "POST", "/applications/app_a/endpoints",
        "{\"url\": \"ftp://example.com/in\"}");
    assertThat(badUrl.status()).isEqualTo(400);
    assertThat(badUrl.json().path("detail").asString()).contains("http or https");
    assertThat(badUrl.json().path("reason").asString()).isEqualTo("INVALID");

    Response badCursor = call("alice", "GET", "/applications/app_a/messages?cursor=%25%25",
        null);
    assertThat(badCursor.status()).isEqualTo(400);
    assertThat(badCursor.json().path("detail").asString()).contains("Not a message cursor");

    Response badLimit = call("alice", "GET", "/applications/app_a/messages?limit=0", null);
    assertThat(badLimit.status()).isEqualTo(400);

    Response unknownType = call("alice", "POST", "/applications/app_a/endpoints/ep_none/test",
        "{\"eventType\": \"invoice.paid\"}");
    assertThat(unknownType.status()).isEqualTo(404);
  }

  @Test
  void aDatabaseThatIsDownIs503WithRetryAfter() throws SQLException {
    setConnectionsAllowed(false);
    Response down;
    try {
      down = call("alice", "POST", "/applications/app_a/endpoints",
          "{\"url\": \"" + receiver.url("/down") + "\"}");
    } finally {
      setConnectionsAllowed(true);
    }
    assertThat(down.status()).isEqualTo(503);
    assertThat(down.json().path("detail").asString()).contains("nothing was changed");
    await().atMost(Duration.ofSeconds(20)).until(
        () -> call("alice", "GET", "/applications/app_a/endpoints", null).status() == 200);
    assertThat(call("alice", "GET", "/applications/app_a/endpoints", null).body())
        .doesNotContain("/down");
  }

  private static void setConnectionsAllowed(boolean allowed) throws SQLException {
    try (Connection admin = TestDatabases.postgres().getConnection();
        Statement statement = admin.createStatement()) {
      statement.execute("ALTER DATABASE " + DATABASE.name() + " ALLOW_CONNECTIONS " + allowed);
      if (!allowed) {
        statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            + " WHERE datname = '" + DATABASE.name() + "'");
      }
    }
  }

  @Test
  void theOpenApiDocumentDescribesExactlyTheRoutesServed() {
    Response document = call("alice", "GET", "/openapi.json", null);
    assertThat(document.json().path("openapi").asString()).isEqualTo("3.1.0");
    Set<String> documented = new TreeSet<>();
    document.json().path("paths").properties().forEach(path -> path.getValue().properties()
        .forEach(method -> documented.add(method.getKey().toUpperCase() + " " + path.getKey())));

    Set<String> served = new TreeSet<>();
    for (Map.Entry<RequestMappingInfo, HandlerMethod> mapping
        : mappings.getHandlerMethods().entrySet()) {
      if (mapping.getValue().getBeanType() != ManagementController.class) {
        continue;
      }
      for (String pattern : mapping.getKey().getPatternValues()) {
        mapping.getKey().getMethodsCondition().getMethods().forEach(method -> served.add(
            method.name() + " " + pattern.substring("/hookmesh/api".length())));
      }
    }

    assertThat(served).hasSizeGreaterThan(20);
    assertThat(documented).isEqualTo(served);
  }
}
