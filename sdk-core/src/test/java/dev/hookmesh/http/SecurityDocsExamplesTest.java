package dev.hookmesh.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookmesh.DocSnippets;
import dev.hookmesh.Endpoint;
import dev.hookmesh.WebhookClient;
import java.net.InetSocketAddress;
import java.net.Proxy;
import okhttp3.Dns;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/** The snippets in docs/security.md, copied verbatim from here so they compile. */
class SecurityDocsExamplesTest {

  @Test
  void defaultGuard() {
    // docs:default-guard
    OkHttpClient client = SsrfPolicy.defaults()
        .applyTo(new OkHttpClient.Builder())
        .build();
    // end
    assertThat(client.dns()).isNotSameAs(Dns.SYSTEM);
  }

  @Test
  void allowList() {
    // docs:allow-list
    SsrfPolicy policy = SsrfPolicy.builder()
        .allow("10.20.0.0/16")            // a private range
        .allow("fd00:1234::/32")          // an IPv6 range
        .allow("hooks.internal.example")  // one host name, any address it resolves to
        .allow("*.staging.example")       // every name below staging.example
        .httpsOnly(true)
        .build();
    OkHttpClient client = policy.applyTo(new OkHttpClient.Builder()).build();
    // end
    assertThat(policy.allowList()).hasSize(4);
    assertThat(client).isNotNull();
  }

  @SuppressWarnings("try") // the resource works while open; the body never names it
  @Test
  void handlingRefusal() {
    OkHttpClient client = SsrfPolicy.defaults().applyTo(new OkHttpClient.Builder()).build();
    okhttp3.Request request = new okhttp3.Request.Builder().url("http://169.254.169.254/latest").build();
    // docs:handle-refusal
    try (okhttp3.Response response = client.newCall(request).execute()) {
      // deliver as usual
    } catch (SsrfException refused) {
      // not transient: do not retry; refused.addressClass() says why
    } catch (java.io.IOException e) {
      // network trouble: may be retried
    }
    // end
  }

  @Test
  void localDevelopment() {
    // docs:local-development
    SsrfPolicy local = SsrfPolicy.builder()
        .allow("127.0.0.1/32")
        .allow("::1/128")
        .allow("localhost")
        .build();
    // end
    // docs:disabled
    SsrfPolicy off = SsrfPolicy.disabled(); // never in production
    // end
    assertThat(local.enabled()).isTrue();
    assertThat(off.enabled()).isFalse();
  }

  @Test
  void egressProxy() {
    // docs:egress-proxy
    WebhookClient client = WebhookClient.builder()
        .proxy(new Proxy(Proxy.Type.HTTP, new InetSocketAddress("egress.internal.example", 4750)))
        .build();
    // end
    client.close();
  }

  @Test
  void everyJavaSnippetInTheDocsIsCopiedFromThisTest() {
    DocSnippets.assertSnippetsAreRegions("../docs/security.md", SecurityDocsExamplesTest.class);
  }

  @Test
  void credentialedUrl() {
    // docs:credentialed-url
    Endpoint endpoint = Endpoint.builder("https://bob:hunter2@hooks.example.com/in?token=tok_123")
        .key("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
        .build();
    String id = endpoint.id(); // https://hooks.example.com/in#<12 hex digits>, no credentials
    // end
    assertThat(id).matches("https://hooks\\.example\\.com/in#[0-9a-f]{12}");
    assertThat(endpoint.toString()).doesNotContain("hunter2", "tok_123");
  }
}
