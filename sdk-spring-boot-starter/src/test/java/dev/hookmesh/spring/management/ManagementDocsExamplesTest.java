package dev.hookmesh.spring.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hookmesh.DocSnippets;
import dev.hookmesh.LoopbackReceiver;
import dev.hookmesh.WebhookMessage;
import dev.hookmesh.jdbc.JdbcSchema;
import dev.hookmesh.jdbc.TestDatabases.PostgresDatabase;
import dev.hookmesh.jdbc.TestDatabases;
import dev.hookmesh.platform.ApplicationSpec;
import dev.hookmesh.platform.EndpointSpec;
import dev.hookmesh.platform.EventTypeSpec;
import dev.hookmesh.platform.WebhookPublisher;
import dev.hookmesh.platform.WebhookRegistry;
import dev.hookmesh.spring.ManagementAccess;
import dev.hookmesh.spring.WebhookPortal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The snippets of {@code docs/management.md}, each a {@code // docs:} region here, in a real
 * application on PostgreSQL: the security and access beans, a page that hands out portal
 * links, and a consumer catching up by polling.
 */
@SpringBootTest(classes = ManagementDocsExamplesTest.ProviderApplication.class,
    webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "hookmesh.platform.enabled=true",
        "hookmesh.platform.encryption.keys.k1=" + ManagementApiTest.KEY,
        "hookmesh.management.enabled=true",
        "hookmesh.portal.enabled=true",
        "hookmesh.sender.ssrf.allow=127.0.0.1/32"})
class ManagementDocsExamplesTest {

  static final PostgresDatabase DATABASE = TestDatabases.postgresDatabase();
  static final Map<String, String> OPERATES = Map.of("bob", "app_b");

  static {
    JdbcSchema.create(DATABASE.dataSource());
  }

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", DATABASE::jdbcUrl);
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @EnableWebSecurity
  static class ProviderApplication {

    // docs:security
    @Bean
    SecurityFilterChain security(HttpSecurity http) {
      http.authorizeHttpRequests(requests -> requests
              .requestMatchers("/hookmesh/portal/**").permitAll()   // the portal checks its links
              .anyRequest().authenticated())
          .httpBasic(Customizer.withDefaults())
          .csrf(csrf -> csrf.ignoringRequestMatchers("/hookmesh/api/**", "/hookmesh/portal/**"));
      return http.build();
    }

    @Bean
    ManagementAccess managementAccess() {
      return new ManagementAccess() {
        @Override
        public boolean allows(Principal principal, String applicationId) {
          return applicationId.equals(OPERATES.get(principal.getName()));
        }

        @Override
        public boolean administers(Principal principal) {   // the catalog, and every application
          return principal.getName().equals("admin");
        }
      };
    }
    // end

    @Bean
    InMemoryUserDetailsManager users() {
      return new InMemoryUserDetailsManager(User.withUsername("bob")
          .password("{noop}" + PlatformTestApplication.PASSWORD).roles("CUSTOMER").build());
    }

    @Bean
    WebhookSettings webhookSettings(WebhookPortal portal) {
      return new WebhookSettings(portal);
    }
  }

  /** A page of the provider's own, behind its login, that sends a customer to the portal. */
  @RestController
  static class WebhookSettings {
    private final WebhookPortal portal;
    private final Map<String, String> customerIds = OPERATES;

    WebhookSettings(WebhookPortal portal) {
      this.portal = portal;
    }

    // docs:portal-link
    @GetMapping("/settings/webhooks")
    ResponseEntity<Void> webhooks(Principal customer) {
      String link = portal.linkFor(customerIds.get(customer.getName()), Duration.ofMinutes(15));
      return ResponseEntity.status(HttpStatus.SEE_OTHER).location(URI.create(link)).build();
    }
    // end
  }

  @LocalServerPort int port;
  @Autowired WebhookRegistry registry;
  @Autowired WebhookPublisher publisher;
  @Autowired JsonMapper json;

  private final HttpClient http = HttpClient.newHttpClient();
  private final String credentials = "Basic " + Base64.getEncoder().encodeToString(
      ("bob:" + PlatformTestApplication.PASSWORD).getBytes(StandardCharsets.UTF_8));
  private final List<String> handled = new ArrayList<>();

  private void handle(String id, String eventType, JsonNode payload) {
    handled.add(id + " " + eventType + " " + payload.path("n").asInt());
  }

  @Test
  void snippetsAreTheRegionsOfThisClass() {
    DocSnippets.assertSnippetsAreRegions("../docs/management.md",
        ManagementDocsExamplesTest.class);
  }

  @Test
  void aSignedInCustomerIsSentToThePortalOfItsApplication() throws Exception {
    if (registry.findApplication("app_b").isEmpty()) {
      registry.createApplication(ApplicationSpec.builder("Bravo").id("app_b").build());
    }
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/settings/webhooks"))
        .header("Authorization", credentials).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(303);
    String link = response.headers().firstValue("Location").orElseThrow();
    assertThat(link).startsWith("/hookmesh/portal/login?token=");
    HttpResponse<String> opened = http.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + link)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(opened.statusCode()).isEqualTo(303);
    assertThat(opened.headers().firstValue("Set-Cookie")).hasValueSatisfying(
        cookie -> assertThat(cookie).startsWith("hookmesh_portal=").contains("HttpOnly"));
  }

  @Test
  void aConsumerCatchesUpFromItsCursor() throws Exception {
    if (registry.findApplication("app_b").isEmpty()) {
      registry.createApplication(ApplicationSpec.builder("Bravo").id("app_b").build());
    }
    registry.defineEventType(EventTypeSpec.builder("order.created").build());
    try (LoopbackReceiver receiver = new LoopbackReceiver()) {
      registry.createEndpoint("app_b", EndpointSpec.builder(receiver.url("/b")).build());
      for (int n = 1; n <= 3; n++) {
        publisher.publish("app_b", WebhookMessage.builder("order.created").id("order-" + n)
            .payload(Map.of("n", n)).build());
      }
      // Polling stops short of now, as long as an open transaction may still commit.
      await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).until(() -> {
        handled.clear();
        catchUp(null);
        return handled.size() == 3;
      });
    }
    assertThat(handled).extracting(line -> line.substring(line.indexOf(' ') + 1))
        .containsExactly("order.created 1", "order.created 2", "order.created 3");
    String cursorAfterTwo = catchUpTo(2);
    handled.clear();
    catchUp(cursorAfterTwo);
    assertThat(handled).hasSize(1).first().asString().endsWith("order.created 3");
  }

  /** The cursor after the first {@code count} messages. */
  private String catchUpTo(int count) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(
            "http://127.0.0.1:" + port + "/hookmesh/api/applications/app_b/poll?limit=" + count))
        .header("Authorization", credentials).build(), HttpResponse.BodyHandlers.ofString());
    return json.readTree(response.body()).path("next").asString();
  }

  private void catchUp(String lastCursor) throws Exception {
    String provider = "http://127.0.0.1:" + port;
    // docs:catch-up
    String cursor = lastCursor;   // null the first time: from the oldest message kept
    JsonNode page;
    do {
      String query = "limit=100" + (cursor == null ? "" : "&after=" + cursor);
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(
              URI.create(provider + "/hookmesh/api/applications/app_b/poll?" + query))
          .header("Authorization", credentials).build(), HttpResponse.BodyHandlers.ofString());
      page = json.readTree(response.body());
      for (JsonNode message : page.path("data")) {
        handle(message.path("id").asString(), message.path("eventType").asString(),
            message.path("payload"));
        cursor = message.path("cursor").asString();   // store it with what handle() wrote
      }
    } while (!page.path("next").isNull());
    // end
  }
}
