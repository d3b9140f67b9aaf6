package dev.hookmesh.spring.internal;

import dev.hookmesh.spring.WebhookEndpoint;
import dev.hookmesh.spring.WebhookEndpoints;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/** Serves the webhook endpoints in Spring MVC, as functional routes. */
public final class ServletWebhookHandler {

  private final WebhookDispatcher dispatcher;

  /**
   * Creates a handler.
   *
   * @param dispatcher receives each request
   */
  public ServletWebhookHandler(WebhookDispatcher dispatcher) {
    this.dispatcher = dispatcher;
  }

  /**
   * A {@code POST} route per endpoint.
   *
   * @param endpoints the endpoints
   * @return the routes
   */
  public RouterFunction<ServerResponse> routes(WebhookEndpoints endpoints) {
    if (endpoints.all().isEmpty()) {
      return request -> Optional.empty(); // the builder refuses to build no routes
    }
    RouterFunctions.Builder routes = RouterFunctions.route();
    for (WebhookEndpoint endpoint : endpoints.all()) {
      routes.POST(endpoint.path(), request -> handle(endpoint, request));
    }
    return routes.build();
  }

  ServerResponse handle(WebhookEndpoint endpoint, ServerRequest request) throws IOException {
    WebhookResponse refused = dispatcher.refuseEarly(endpoint, remoteAddress(request));
    if (refused != null) {
      return respond(refused);
    }
    // Refuse by the declared length before reading anything, then bound the read itself for
    // chunked bodies and senders that under-declare.
    long declared = request.headers().contentLength().orElse(-1);
    if (declared > endpoint.maxBodySize()) {
      return respond(dispatcher.tooLarge(endpoint));
    }
    byte[] body = readAtMost(
        request.servletRequest().getInputStream(), endpoint.maxBodySize(), (int) declared);
    if (body == null) {
      return respond(dispatcher.tooLarge(endpoint));
    }
    return respond(dispatcher.receive(endpoint, request.headers()::header,
        () -> headers(request.servletRequest()), () -> request.uri().toString(), body));
  }

  /**
   * The peer's address as the servlet request gives it: after Spring's forwarded-header handling
   * when the application turned it on, the client's address behind a proxy.
   */
  private static @Nullable String remoteAddress(ServerRequest request) {
    return request.servletRequest().getRemoteAddr();
  }

  /** Every header, by name, as received: read from the servlet request, with no view between. */
  static Map<String, List<String>> headers(HttpServletRequest request) {
    Map<String, List<String>> all = new LinkedHashMap<>();
    for (Enumeration<String> names = request.getHeaderNames(); names.hasMoreElements(); ) {
      String name = names.nextElement();
      all.put(name, Collections.list(request.getHeaders(name)));
    }
    return all;
  }

  /** Every header, by name, as received. */
  static Map<String, List<String>> headers(HttpHeaders headers) {
    Map<String, List<String>> all = new LinkedHashMap<>();
    headers.forEach((name, values) -> all.put(name, List.copyOf(values)));
    return all;
  }

  /**
   * Reads the whole stream, or returns null as soon as it has more than {@code max} bytes.
   * The declared length (at most {@code max}; -1 when unknown) sizes the first array, so that a
   * body as long as declared is read once and handed on without a copy; it is only a hint; a
   * longer or shorter stream is read to its end all the same.
   */
  static byte @Nullable [] readAtMost(InputStream in, int max, int declared) throws IOException {
    byte[] buffer = new byte[declared >= 0 ? declared : Math.min(max + 1, 8192)];
    int length = 0;
    while (true) {
      if (length == buffer.length) {
        int next = in.read(); // full: is that the end, or is there more?
        if (next == -1) {
          return buffer;
        }
        if (length + 1 > max) {
          return null;
        }
        buffer = Arrays.copyOf(buffer, Math.min(max + 1, Math.max(8192, buffer.length * 2)));
        buffer[length++] = (byte) next;
      }
      int read = in.read(buffer, length, buffer.length - length);
      if (read == -1) {
        return Arrays.copyOf(buffer, length);
      }
      length += read;
      if (length > max) {
        return null;
      }
    }
  }

  private static ServerResponse respond(WebhookResponse response) {
    byte[] body = response.body();
    String contentType = response.contentType();
    ServerResponse.BodyBuilder builder = ServerResponse.status(response.status());
    String retryAfter = response.retryAfterSeconds();
    if (retryAfter != null) {
      builder.header(HttpHeaders.RETRY_AFTER, retryAfter);
    }
    if (body == null || contentType == null) {
      return builder.build();
    }
    return builder.contentType(MediaType.parseMediaType(contentType)).body(body);
  }
}
