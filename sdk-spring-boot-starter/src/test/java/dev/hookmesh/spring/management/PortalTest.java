package dev.hookmesh.spring.management;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookmesh.jdbc.JdbcSchema;
import dev.hookmesh.jdbc.TestDatabases;
import dev.hookmesh.jdbc.TestDatabases.PostgresDatabase;
import dev.hookmesh.platform.ApplicationSpec;
import dev.hookmesh.platform.WebhookRegistry;
import dev.hookmesh.spring.WebhookPortal;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The portal's links, sessions and guards over real HTTP: a link becomes an HTTP-only cookie,
 * the page is served with a Content-Security-Policy, changes need the CSRF token, and expired,
 * revoked, forged and cross-application tokens get nothing.
 */
@SpringBootTest(classes = {PlatformTestApplication.class, ManagementApiTest.Security.class},
    webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "hookmesh.platform.enabled=true",
        "hookmesh.platform.encryption.keys.k1=" + ManagementApiTest.KEY,
        "hookmesh.portal.enabled=true",
        "hookmesh.portal.signing-key=" + PortalTest.SIGNING_KEY,
        "hookmesh.sender.ssrf.allow=127.0.0.1/32"})
class PortalTest {

  static final String SIGNING_KEY = "c2lnbmluZyBrZXkgb2YgdGhlIHBvcnRhbCB0ZXN0cyEhIQ==";
  static final PostgresDatabase DATABASE = TestDatabases.postgresDatabase();

  static {
    JdbcSchema.create(DATABASE.dataSource());
  }

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", DATABASE::jdbcUrl);
  }

  @LocalServerPort int port;
  @Autowired WebhookPortal portal;
  @Autowired WebhookRegistry registry;
  @Autowired JsonMapper json;

  private final HttpClient http = HttpClient.newHttpClient(); // follows no redirects

  @BeforeEach
  void applications() {
    for (String id : new String[] {"app_p", "app_q"}) {
      if (registry.findApplication(id).isEmpty()) {
        registry.createApplication(ApplicationSpec.builder("Customer " + id).id(id).build());
      }
    }
  }

  private HttpResponse<String> send(String method, String path, @Nullable String cookie,
      @Nullable String csrf, @Nullable String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
            + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(10));
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    if (csrf != null) {
      request.header("X-Hookmesh-Csrf", csrf);
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Opens a link: the session cookie it sets, as a Cookie header. */
  private String login(String link) {
    HttpResponse<String> opened = send("GET", link, null, null, null);
    assertThat(opened.statusCode()).isEqualTo(303);
    assertThat(opened.headers().firstValue("Location")).contains("/hookmesh/portal/");
    String setCookie = opened.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(setCookie).contains("HttpOnly").contains("SameSite=Lax")
        .contains("Path=/hookmesh/portal");
    return setCookie.substring(0, setCookie.indexOf(';'));
  }

  private JsonNode read(HttpResponse<String> response) {
    return json.readTree(response.body());
  }

  @Test
  void aLinkOpensThePageOfItsApplicationOnlyWithAStrictContentSecurityPolicy() {
    String cookie = login(portal.linkFor("app_p", Duration.ofMinutes(5)));

    HttpResponse<String> page = send("GET", "/hookmesh/portal/", cookie, null, null);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("script-src 'self'").contains("frame-ancestors 'self'")
        .doesNotContain("unsafe-inline");
    assertThat(page.body()).contains("<script src=\"portal.js\" defer></script>");

    JsonNode session = read(send("GET", "/hookmesh/portal/api/session", cookie, null, null));
    assertThat(session.path("applicationId").asString()).isEqualTo("app_p");
    assertThat(session.path("csrfToken").asString()).isNotEmpty();
    assertThat(send("GET", "/hookmesh/portal/api/endpoints", null, null, null).statusCode())
        .isEqualTo(401);
  }

  @Test
  void aChangeWithoutTheCsrfTokenIsRefusedAndStoresNothing() {
    String cookie = login(portal.linkFor("app_p", Duration.ofMinutes(5)));
    String endpoint = "{\"url\": \"https://hooks.example.com/csrf\"}";

    HttpResponse<String> forged = send("POST", "/hookmesh/portal/api/endpoints", cookie, null,
        endpoint);
    HttpResponse<String> wrong = send("POST", "/hookmesh/portal/api/endpoints", cookie,
        "not-the-token", endpoint);

    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(wrong.statusCode()).isEqualTo(403);
    assertThat(read(forged).path("detail").asString()).contains("CSRF");
    assertThat(registry.endpoints("app_p")).noneMatch(e -> e.url().endsWith("/csrf"));

    String csrf = read(send("GET", "/hookmesh/portal/api/session", cookie, null, null))
        .path("csrfToken").asString();
    assertThat(send("POST", "/hookmesh/portal/api/endpoints", cookie, csrf, endpoint)
        .statusCode()).isEqualTo(200);
    assertThat(registry.endpoints("app_p")).anyMatch(e -> e.url().endsWith("/csrf"));
  }

  @Test
  void anExpiredRevokedOrForgedLinkOpensNothing() {
    WebhookPortal yesterday = new WebhookPortal(registry, Base64.getDecoder().decode(SIGNING_KEY),
        "/hookmesh/portal", Clock.fixed(Instant.now().minus(Duration.ofDays(1)), ZoneOffset.UTC));
    String expired = yesterday.linkFor("app_p", Duration.ofHours(1));
    HttpResponse<String> refused = send("GET", expired, null, null, null);
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.body()).contains("This link has expired");
    assertThat(refused.headers().firstValue("Set-Cookie")).isEmpty();

    String link = portal.linkFor("app_q", Duration.ofMinutes(5));
    String cookie = login(link);
    portal.revokeLinks("app_q");
    assertThat(send("GET", link, null, null, null).statusCode()).isEqualTo(401);
    assertThat(send("GET", "/hookmesh/portal/api/endpoints", cookie, null, null).statusCode())
        .isEqualTo(401);

    String token = link.substring(link.indexOf("token=") + 6);
    String tampered = token.substring(0, token.length() - 2)
        + (token.endsWith("AA") ? "BB" : "AA");
    assertThat(send("GET", "/hookmesh/portal/login?token=" + tampered, null, null, null)
        .statusCode()).isEqualTo(401);
    assertThat(portal.linkFor("app_q", Duration.ofMinutes(1))).isNotEqualTo(link);
  }

  @Test
  void aSessionOfOneApplicationNeverReachesAnothersEndpoint() {
    String other = registry.createEndpoint("app_q", dev.hookmesh.platform.EndpointSpec
        .builder("https://hooks.example.com/q-secret-path").build()).registration().id();
    String cookie = login(portal.linkFor("app_p", Duration.ofMinutes(5)));
    String csrf = read(send("GET", "/hookmesh/portal/api/session", cookie, null, null))
        .path("csrfToken").asString();

    for (String[] route : new String[][] {
        {"GET", "/endpoints/" + other}, {"GET", "/endpoints/" + other + "/secret"},
        {"POST", "/endpoints/" + other + "/rotate"}, {"DELETE", "/endpoints/" + other},
        {"PATCH", "/endpoints/" + other}, {"POST", "/endpoints/" + other + "/enable"},
        {"GET", "/endpoints/" + other + "/stats"}}) {
      HttpResponse<String> response = send(route[0], "/hookmesh/portal/api" + route[1], cookie,
          csrf, route[0].equals("PATCH") ? "{\"description\": \"mine\"}" : null);
      assertThat(response.statusCode()).as("%s %s", route[0], route[1]).isEqualTo(404);
      assertThat(response.body()).doesNotContain("q-secret-path");
    }
    assertThat(registry.endpoint("app_q", other).description()).isEmpty();
  }
}
