package dev.hookmesh.spring.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookmesh.WebhookSigner;
import dev.hookmesh.spring.HookmeshServerWebExchange;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The exchange matcher and the opt-in CSRF exemption in a secured WebFlux application, over
 * real HTTP on 127.0.0.1.
 */
class ReactiveWebhookSecurityTest {

  private static final WebhookSigner SIGNER =
      WebhookSigner.builder().key(ReceiverHttpTest.BILLING_SECRET).build();

  /** What the CSRF filter answers, so that a test can tell its 403 from another. */
  static final String CSRF_DENIED = "denied by the CSRF filter";

  @TestConfiguration(proxyBeanMethods = false)
  @EnableWebFluxSecurity
  static class PermitWebhooks {
    // The docs' lines: open the webhook paths, keep everything else authenticated.
    @Bean
    SecurityWebFilterChain security(ServerHttpSecurity http) {
      http.authorizeExchange(exchanges -> exchanges
          .matchers(HookmeshServerWebExchange.toWebhookEndpoints()).permitAll()
          .anyExchange().authenticated());
      http.csrf(csrf -> csrf.accessDeniedHandler((exchange, denied) -> {
        exchange.getResponse().setStatusCode(HttpStatus.FORBIDDEN);
        DataBuffer body = exchange.getResponse().bufferFactory()
            .wrap(CSRF_DENIED.getBytes(StandardCharsets.UTF_8));
        return exchange.getResponse().writeWith(Mono.just(body));
      }));
      return http.build();
    }
  }

  private abstract static class SecuredReceiver {
    @LocalServerPort int port;
    @Autowired ReceiverTestApplication.Calls calls;
    @Autowired ApplicationContext context;
    LoopbackClient client;
    String id;

    @BeforeEach
    void setUp() {
      client = new LoopbackClient(port);
      id = "msg_" + UUID.randomUUID().toString().replace("-", "");
    }

    String invoice() {
      return "{\"type\":\"invoice.created\",\"id\":\"" + id + "\",\"amount\":7}";
    }

    HttpResponse<String> postSigned(String path) {
      String body = invoice();
      return client.post(path, SIGNER.sign(id, body), body);
    }
  }

  @Nested
  @SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
      "spring.main.web-application-type=reactive",
      "hookmesh.receiver.security.csrf-exempt=true"})
  @Import(PermitWebhooks.class)
  class WhenExempt extends SecuredReceiver {

    @Test
    void signedWebhookIsReceivedWithoutACsrfToken() {
      HttpResponse<String> response = postSigned("/webhooks/billing");

      assertThat(response.statusCode()).isEqualTo(204);
      assertThat(calls.mentioning(id)).containsExactly("invoice " + id + " 7 key0");
    }

    @Test
    void endpointWithItsOwnPathIsExemptToo() {
      // "small" is served on /hooks/small, signed with the same key, typed by a header.
      String body = "tiny " + id;
      Map<String, String> headers = SIGNER.sign(id, body);

      HttpResponse<String> response = client.post("/hooks/small",
          LoopbackClient.plus(headers, "X-Event", "note"), body);

      assertThat(response.statusCode()).isEqualTo(204);
      assertThat(calls.mentioning(id)).containsExactly("small " + body);
    }

    @Test
    void forgedWebhookIsStillRefusedByItsSignature() {
      String body = invoice();
      Map<String, String> headers = SIGNER.sign(id, body.replace("7", "8"));

      HttpResponse<String> response = client.post("/webhooks/billing", headers, body);

      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(calls.mentioning(id)).isEmpty();
    }

    @Test
    void otherPostsStillNeedACsrfToken() {
      HttpResponse<String> response = client.post("/orders", Map.of(), "{}");

      assertThat(response.statusCode()).isEqualTo(403);
      assertThat(response.body()).isEqualTo(CSRF_DENIED);
    }

    @Test
    void pathsBelowAnEndpointAreNotExempt() {
      HttpResponse<String> response = postSigned("/webhooks/billing/more");

      assertThat(response.statusCode()).isEqualTo(403);
      assertThat(response.body()).isEqualTo(CSRF_DENIED);
    }
  }

  @Nested
  @SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
      properties = "spring.main.web-application-type=reactive")
  @Import(PermitWebhooks.class)
  class WithoutOptingIn extends SecuredReceiver {

    @Test
    void nothingIsExempted() {
      assertThat(context.containsBean("hookmeshCsrfExemption")).isFalse();
    }

    @Test
    void signedWebhookIsRefusedForWantOfACsrfToken() {
      HttpResponse<String> response = postSigned("/webhooks/billing");

      assertThat(response.statusCode()).isEqualTo(403);
      assertThat(response.body()).isEqualTo(CSRF_DENIED);
      assertThat(calls.mentioning(id)).isEmpty();
    }
  }
}
