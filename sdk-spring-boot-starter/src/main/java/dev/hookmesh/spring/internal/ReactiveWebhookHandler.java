package dev.hookmesh.spring.internal;

import dev.hookmesh.spring.WebhookEndpoint;
import dev.hookmesh.spring.WebhookEndpoints;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Serves the webhook endpoints in WebFlux, as functional routes. */
public final class ReactiveWebhookHandler {

  private static final byte[] EMPTY = new byte[0];
  /** The largest refused body read to its end before the 413 is sent. */
  private static final long DRAIN_LIMIT = 4L * 1024 * 1024;

  private final WebhookDispatcher dispatcher;

  /**
   * Creates a handler.
   *
   * @param dispatcher receives each request
   */
  public ReactiveWebhookHandler(WebhookDispatcher dispatcher) {
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
      return request -> Mono.empty(); // the builder refuses to build no routes
    }
    RouterFunctions.Builder routes = RouterFunctions.route();
    for (WebhookEndpoint endpoint : endpoints.all()) {
      routes.POST(endpoint.path(), request -> handle(endpoint, request));
    }
    return routes.build();
  }

  Mono<ServerResponse> handle(WebhookEndpoint endpoint, ServerRequest request) {
    WebhookResponse refused = dispatcher.refuseEarly(endpoint, request.remoteAddress()
        .map(address -> address.getAddress() != null ? address.getAddress().getHostAddress()
            : address.getHostString())
        .orElse(null));
    if (refused != null) {
      return respond(refused);
    }
    long declared = request.headers().contentLength().orElse(0);
    if (declared > endpoint.maxBodySize()) {
      // Read and drop a body of modest size before answering, as Tomcat does: a connection
      // closed with the body unread is reset, and the sender may never see the 413.
      Mono<Void> drained = declared <= DRAIN_LIMIT
          ? request.body(BodyExtractors.toDataBuffers()).doOnNext(DataBufferUtils::release).then()
          : Mono.empty();
      return drained.then(respond(dispatcher.tooLarge(endpoint)));
    }
    return DataBufferUtils
        .join(request.body(BodyExtractors.toDataBuffers()), endpoint.maxBodySize())
        .map(ReactiveWebhookHandler::toBytes)
        .defaultIfEmpty(EMPTY)
        // Listeners are ordinary blocking methods: keep them off the event loop.
        .publishOn(Schedulers.boundedElastic())
        .map(body -> dispatcher.receive(endpoint, request.headers()::header,
            () -> ServletWebhookHandler.headers(request.headers().asHttpHeaders()),
            () -> request.uri().toString(), body))
        .onErrorResume(DataBufferLimitException.class,
            tooLarge -> Mono.just(dispatcher.tooLarge(endpoint)))
        .flatMap(ReactiveWebhookHandler::respond);
  }

  private static byte[] toBytes(DataBuffer buffer) {
    try {
      byte[] bytes = new byte[buffer.readableByteCount()];
      buffer.read(bytes);
      return bytes;
    } finally {
      DataBufferUtils.release(buffer);
    }
  }

  private static Mono<ServerResponse> respond(WebhookResponse response) {
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
    return builder.contentType(MediaType.parseMediaType(contentType)).bodyValue(body);
  }
}
