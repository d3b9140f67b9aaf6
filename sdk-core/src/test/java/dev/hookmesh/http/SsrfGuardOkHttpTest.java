package dev.hookmesh.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.Dns;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Real calls through OkHttp, to a MockWebServer on 127.0.0.1 only. */
class SsrfGuardOkHttpTest {
  private static final InetAddress LOOPBACK = Addresses.ip("127.0.0.1");
  private static final Dns NO_DNS = host -> {
    throw new AssertionError("unexpected DNS lookup of " + host);
  };

  private final MockWebServer server = new MockWebServer();

  @BeforeEach
  void startServer() throws IOException {
    server.start(LOOPBACK, 0);
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  private static OkHttpClient client(SsrfPolicy policy, Dns resolver) {
    return policy.applyTo(new OkHttpClient.Builder(), resolver).followRedirects(false).build();
  }

  private HttpUrl url(String host) {
    return new HttpUrl.Builder().scheme("http").host(host).port(server.getPort()).addPathSegment("hook").build();
  }

  private static Response post(OkHttpClient client, HttpUrl url) throws IOException {
    return client.newCall(new Request.Builder().url(url).build()).execute();
  }

  @Test
  void deliversToAnAllowListedLoopbackAddress() throws IOException {
    server.enqueue(new MockResponse.Builder().code(204).build());
    OkHttpClient client = client(SsrfPolicy.builder().allow("127.0.0.1/32").build(), NO_DNS);
    try (Response response = post(client, url("127.0.0.1"))) {
      assertThat(response.code()).isEqualTo(204);
    }
  }

  @Test
  void refusesLoopbackThatIsNotAllowListedBeforeConnecting() {
    OkHttpClient client = client(SsrfPolicy.defaults(), NO_DNS);
    assertThatThrownBy(() -> post(client, url("127.0.0.1")))
        .isExactlyInstanceOf(SsrfException.class)
        .hasMessageContaining("loopback")
        .satisfies(e -> assertThat(((SsrfException) e).addressClass()).isEqualTo(AddressClass.LOOPBACK));
    assertThat(server.getRequestCount()).isZero();
  }

  @ParameterizedTest(name = "URL host {0} is refused as loopback")
  @ValueSource(strings = {"2130706433", "0x7f000001", "127.1", "0x7f.1", "[::ffff:127.0.0.1]", "[::1]"})
  void refusesLoopbackInEveryLiteralNotation(String host) {
    OkHttpClient client = client(SsrfPolicy.defaults(), NO_DNS);
    HttpUrl url = HttpUrl.get("http://" + host + ":" + server.getPort() + "/hook");
    assertThatThrownBy(() -> post(client, url))
        .isExactlyInstanceOf(SsrfException.class)
        .satisfies(e -> assertThat(((SsrfException) e).addressClass()).isEqualTo(AddressClass.LOOPBACK));
  }

  @Test
  void checksLiteralHostsAtConnectTimeEvenWithoutTheInterceptors() {
    // OkHttp connects to 2130706433 without asking Dns; only the socket factory sees it.
    OkHttpClient socketOnly = new OkHttpClient.Builder()
        .dns(NO_DNS)
        .socketFactory(SsrfPolicy.defaults().applyTo(new OkHttpClient.Builder()).build().socketFactory())
        .build();
    HttpUrl url = HttpUrl.get("http://2130706433:" + server.getPort() + "/hook");
    assertThatThrownBy(() -> post(socketOnly, url)).isExactlyInstanceOf(SsrfException.class);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void deliversToAnAllowListedHostNameThatResolvesToLoopback() throws IOException {
    server.enqueue(new MockResponse.Builder().code(200).body("ok").build());
    Dns internalDns = host -> {
      assertThat(host).isEqualTo("hooks.internal.example");
      return List.of(LOOPBACK);
    };
    OkHttpClient client = client(SsrfPolicy.builder().allow("hooks.internal.example").build(), internalDns);
    try (Response response = post(client, url("hooks.internal.example"))) {
      assertThat(response.body().string()).isEqualTo("ok");
    }
  }

  @Test
  void refusesAHostNameThatResolvesToLoopback() {
    Dns rebound = host -> List.of(LOOPBACK);
    OkHttpClient client = client(SsrfPolicy.defaults(), rebound);
    assertThatThrownBy(() -> post(client, url("rebind.example")))
        .isExactlyInstanceOf(SsrfException.class)
        .hasMessageContaining("for host rebind.example");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void refusesARedirectToAnAddressThatIsNotAllowListed() {
    // 127.0.0.2 is loopback too; nothing listens there and the guard refuses before connecting.
    String target = "http://127.0.0.2:" + server.getPort() + "/internal";
    server.enqueue(new MockResponse.Builder().code(302).setHeader("Location", target).build());
    OkHttpClient client = SsrfPolicy.builder().allow("127.0.0.1/32").build()
        .applyTo(new OkHttpClient.Builder(), NO_DNS)
        .followRedirects(true)
        .build();
    assertThatThrownBy(() -> post(client, url("127.0.0.1")))
        .isExactlyInstanceOf(SsrfException.class)
        .satisfies(e -> assertThat(((SsrfException) e).address()).isEqualTo(Addresses.ip("127.0.0.2")));
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void refusesARedirectToAHostNameThatResolvesToAPrivateAddress() {
    server.enqueue(new MockResponse.Builder().code(307)
        .setHeader("Location", "http://metadata.example:" + server.getPort() + "/latest").build());
    Dns metadataDns = host -> List.of(Addresses.ip("169.254.169.254"));
    OkHttpClient client = SsrfPolicy.builder().allow("127.0.0.1/32").build()
        .applyTo(new OkHttpClient.Builder(), metadataDns)
        .followRedirects(true)
        .build();
    assertThatThrownBy(() -> post(client, url("127.0.0.1")))
        .isExactlyInstanceOf(SsrfException.class)
        .satisfies(e -> assertThat(((SsrfException) e).addressClass()).isEqualTo(AddressClass.LINK_LOCAL));
  }

  @Test
  void httpsOnlyRefusesPlainHttpBeforeConnecting() {
    OkHttpClient client = client(SsrfPolicy.builder().allow("127.0.0.1/32").httpsOnly(true).build(), NO_DNS);
    assertThatThrownBy(() -> post(client, url("127.0.0.1")))
        .isExactlyInstanceOf(SsrfException.class)
        .satisfies(e -> assertThat(((SsrfException) e).reason()).isEqualTo(SsrfException.Reason.HTTPS_REQUIRED));
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void disabledPolicyDeliversAnywhere() throws IOException {
    server.enqueue(new MockResponse.Builder().code(204).build());
    try (Response response = post(client(SsrfPolicy.disabled(), NO_DNS), url("127.0.0.1"))) {
      assertThat(response.code()).isEqualTo(204);
    }
  }
}
