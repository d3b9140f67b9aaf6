package dev.hookmesh.spring.internal;

import dev.hookmesh.spring.WebhookEndpoint;
import dev.hookmesh.spring.WebhookEndpoints;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Optional;
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
    // Refuse by the declared length before reading anything, then bound the read itself for
    // chunked bodies and senders that under-declare.
    if (request.headers().contentLength().orElse(0) > endpoint.maxBodySize()) {
      return respond(dispatcher.tooLarge(endpoint));
    }
    byte[] body = readAtMost(request.servletRequest().getInputStream(), endpoint.maxBodySize());
    if (body == null) {
      return respond(dispatcher.tooLarge(endpoint));
    }
    return respond(dispatcher.receive(endpoint, request.headers()::header, body));
  }

  /** Reads the whole stream, or returns null as soon as it has more than {@code max} bytes. */
  static byte[] readAtMost(InputStream in, int max) throws IOException {
    byte[] buffer = new byte[Math.min(max + 1, 8192)];
    int length = 0;
    int read;
    while ((read = in.read(buffer, length, buffer.length - length)) != -1) {
      length += read;
      if (length > max) {
        return null;
      }
      if (length == buffer.length) {
        buffer = Arrays.copyOf(buffer, Math.min(max + 1, buffer.length * 2));
      }
    }
    return length == buffer.length ? buffer : Arrays.copyOf(buffer, length);
  }

  private static ServerResponse respond(WebhookResponse response) {
    byte[] problem = response.problem();
    if (problem == null) {
      return ServerResponse.status(response.status()).build();
    }
    return ServerResponse.status(response.status())
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(problem);
  }
}
