package dev.hookmesh.spring.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Posts to the application under test over real HTTP on 127.0.0.1. */
public final class LoopbackClient {

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final int port;

  /**
   * A client for the application on a port of 127.0.0.1.
   *
   * @param port the port
   */
  public LoopbackClient(int port) {
    this.port = port;
  }

  /** Posts a JSON body given as text. */
  public HttpResponse<String> post(String path, Map<String, ?> headers, String body) {
    return post(path, headers, body.getBytes(StandardCharsets.UTF_8));
  }

  /** Posts a JSON body. */
  public HttpResponse<String> post(String path, Map<String, ?> headers, byte[] body) {
    return post(path, headers, "application/json", HttpRequest.BodyPublishers.ofByteArray(body));
  }

  /** The headers with one more; a value may be a list, sent as a repeated header. */
  public static Map<String, Object> plus(Map<String, ?> headers, String name, Object value) {
    Map<String, Object> all = new LinkedHashMap<>(headers);
    all.put(name, value);
    return all;
  }

  /** Posts a body of any type. */
  public HttpResponse<String> post(
      String path, Map<String, ?> headers, String contentType, BodyPublisher body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", contentType)
        .POST(body);
    headers.forEach((name, value) -> {
      for (Object one : value instanceof List<?> list ? list : List.of(value)) {
        request.header(name, one.toString());
      }
    });
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
