package dev.hookmesh;

import static dev.hookmesh.LoopbackReceiver.SECRET;
import static dev.hookmesh.LoopbackReceiver.body;
import static dev.hookmesh.LoopbackReceiver.headers;
import static dev.hookmesh.LoopbackReceiver.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.hookmesh.delivery.Delivery;
import dev.hookmesh.delivery.DeliveryAttempt;
import dev.hookmesh.delivery.DeliveryEvent;
import dev.hookmesh.delivery.DeliveryOutcome;
import dev.hookmesh.delivery.DeliveryResult;
import dev.hookmesh.http.SsrfException;
import dev.hookmesh.json.PayloadCodec;
import dev.hookmesh.retry.ClientErrorHandling;
import dev.hookmesh.retry.RetryPolicy;
import dev.hookmesh.signature.Ed25519PrivateKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Sending through a real client to a receiver on 127.0.0.1: what arrives, and how it ends. */
class WebhookClientSendTest {

  private final LoopbackReceiver receiver = new LoopbackReceiver();
  private final Queue<DeliveryEvent> events = new ConcurrentLinkedQueue<>();
  private WebhookClient client = LoopbackReceiver.clientBuilder().listener(events::add).build();

  @AfterEach
  void closeAll() {
    client.close();
    receiver.close();
  }

  private static WebhookMessage message() {
    return WebhookMessage.of("invoice.paid", Map.of("invoice", "in_123", "amount", 4200));
  }

  private static DeliveryResult resultOf(Delivery delivery) throws Exception {
    return delivery.result().get(30, TimeUnit.SECONDS);
  }

  @Test
  void deliversASignedJsonPostWithTheHookmeshUserAgent() throws Exception {
    WebhookMessage message = message();

    DeliveryResult result = resultOf(client.send(receiver.endpoint("ep_1"), message));

    assertThat(result.outcome()).isEqualTo(DeliveryOutcome.DELIVERED);
    assertThat(result.attempts()).isEqualTo(1);
    RecordedRequest request = receiver.requests().get(0);
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
    assertThat(request.getHeaders().get("User-Agent")).matches("Hookmesh/\\S+");
    assertThat(request.getHeaders().get("webhook-id")).isEqualTo(message.id());
    assertThat(new String(body(request), StandardCharsets.UTF_8)).contains("\"invoice\":\"in_123\"");
    WebhookEvent verified = WebhookVerifier.builder().key(SECRET).build().verify(headers(request), body(request));
    assertThat(verified.id()).isEqualTo(message.id());
  }

  @Test
  void aBurstLargerThanTheLaneStartsAsSlotsFreeWithoutWaitingForThePoll() throws Exception {
    client.close();
    // The poll is an hour away: what the lane could not take must start as its slots free.
    client = LoopbackReceiver.clientBuilder().pollInterval(Duration.ofHours(1))
        .maxConcurrencyPerEndpoint(1).build();
    Endpoint endpoint = receiver.endpoint("ep_burst");

    List<Delivery> deliveries = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      deliveries.add(client.send(endpoint, message()));
    }

    for (Delivery delivery : deliveries) {
      assertThat(delivery.result().get(10, TimeUnit.SECONDS).outcome())
          .isEqualTo(DeliveryOutcome.DELIVERED);
    }
    assertThat(receiver.requests()).hasSize(40);
  }

  @Test
  void sendsOneMessageToEveryEndpointGivenEachWithItsOwnKeyAndOutcome() throws Exception {
    Ed25519PrivateKey ed25519 = Ed25519PrivateKey.generate();
    Endpoint hmac = receiver.endpoint("ep_hmac");
    Endpoint signedWithEd25519 =
        Endpoint.builder(receiver.url("/hooks/ep_ed")).id("ep_ed").key(ed25519).build();
    Endpoint gone = receiver.endpoint("ep_gone");
    receiver.answer(request -> status(request.getUrl().encodedPath().endsWith("ep_gone") ? 410 : 204));
    assertThat(resultOf(client.send(gone, message())).outcome())
        .isEqualTo(DeliveryOutcome.ENDPOINT_GONE);
    WebhookMessage message = message();

    List<Delivery> deliveries = client.send(List.of(hmac, gone, signedWithEd25519), message);

    assertThat(deliveries).extracting(Delivery::endpointId)
        .containsExactly("ep_hmac", "ep_gone", "ep_ed");
    assertThat(resultOf(deliveries.get(0)).outcome()).isEqualTo(DeliveryOutcome.DELIVERED);
    assertThat(resultOf(deliveries.get(1)).outcome())
        .as("finished at once: the endpoint answered 410 before").isEqualTo(DeliveryOutcome.ENDPOINT_GONE);
    assertThat(resultOf(deliveries.get(2)).outcome()).isEqualTo(DeliveryOutcome.DELIVERED);
    List<RecordedRequest> requests = receiver.requests().stream()
        .filter(request -> message.id().equals(request.getHeaders().get("webhook-id"))).toList();
    assertThat(requests).extracting(request -> request.getUrl().encodedPath())
        .containsExactlyInAnyOrder("/hooks/ep_hmac", "/hooks/ep_ed");
    RecordedRequest toEd25519 = requests.stream()
        .filter(request -> request.getUrl().encodedPath().endsWith("ep_ed")).findFirst().orElseThrow();
    assertThat(WebhookVerifier.builder().key(ed25519.publicKey()).build()
        .verify(headers(toEd25519), body(toEd25519)).id()).isEqualTo(message.id());
  }

  @Test
  void anEndpointsRateLimitSpreadsABurstOverTime() throws Exception {
    Endpoint limited = Endpoint.builder(receiver.url("/hooks/ep_slow")).id("ep_slow")
        .key(SECRET).rateLimit(5).build();
    long start = System.nanoTime();

    List<Delivery> deliveries = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      deliveries.add(client.send(limited, message()));
    }
    for (Delivery delivery : deliveries) {
      assertThat(resultOf(delivery).outcome()).isEqualTo(DeliveryOutcome.DELIVERED);
    }

    // Five go at once (a second's worth), the other ten at five per second: two seconds at least.
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(1_800));
    assertThat(receiver.count()).isEqualTo(15);
    assertThat(resultOf(deliveries.get(14)).attempts()).as("waiting used no attempt").isOne();
  }

  @Test
  void sendingToNoEndpointStoresNothing() {
    WebhookMessage message = message();

    assertThat(client.send(List.of(), message)).isEmpty();
    assertThat(client.store().message(message.id())).isEmpty();
  }

  @Test
  void sendsRawBytesWithTheirOwnContentTypeAndTheEndpointsHeaders() throws Exception {
    WebhookMessage message = WebhookMessage.builder("invoice.paid")
        .body("<invoice/>".getBytes(StandardCharsets.UTF_8), "application/xml")
        .build();
    Endpoint endpoint = Endpoint.builder(receiver.url("/xml")).id("ep_xml").key(SECRET)
        .header("X-Customer", "acme").build();

    resultOf(client.send(endpoint, message));

    RecordedRequest request = receiver.requests().get(0);
    assertThat(request.getHeaders().get("Content-Type")).isEqualTo("application/xml");
    assertThat(request.getHeaders().get("X-Customer")).isEqualTo("acme");
    assertThat(body(request)).isEqualTo("<invoice/>".getBytes(StandardCharsets.UTF_8));
  }

  @ParameterizedTest(name = "{0} ends {1} after {2} attempt(s)")
  @CsvSource({
      "200, DELIVERED, 1",
      "204, DELIVERED, 1",
      "301, EXHAUSTED, 3",
      "302, EXHAUSTED, 3",
      "307, EXHAUSTED, 3",
      "400, EXHAUSTED, 3",
      "404, EXHAUSTED, 3",
      "408, EXHAUSTED, 3",
      "425, EXHAUSTED, 3",
      "429, EXHAUSTED, 3",
      "500, EXHAUSTED, 3",
      "503, EXHAUSTED, 3",
      "410, ENDPOINT_GONE, 1"})
  void classifiesEveryAnswerEndToEnd(int status, DeliveryOutcome outcome, int attempts) throws Exception {
    receiver.answer(request -> status(status));

    DeliveryResult result = resultOf(client.send(receiver.endpoint("ep_" + status), message()));

    assertThat(result.outcome()).isEqualTo(outcome);
    assertThat(result.attempts()).isEqualTo(attempts);
    assertThat(receiver.count()).isEqualTo(attempts);
    assertThat(client.store().attempts(result.messageId())).extracting(DeliveryAttempt::status)
        .containsOnly(status);
  }

  @Test
  void stopsAtTheFirstOther4xxWhenThePolicySaysSo() throws Exception {
    receiver.answer(request -> status(404));
    Endpoint endpoint = Endpoint.builder(receiver.url("/strict")).id("ep_strict").key(SECRET)
        .retryPolicy(RetryPolicy.fixedSchedule(Duration.ofMillis(10)).newBuilder()
            .clientErrors(ClientErrorHandling.STOP).build())
        .build();

    DeliveryResult result = resultOf(client.send(endpoint, message()));

    assertThat(result.outcome()).isEqualTo(DeliveryOutcome.EXHAUSTED);
    assertThat(result.attempts()).isEqualTo(1);
  }

  @Test
  void retriesUntilTheEndpointAccepts() throws Exception {
    receiver.answerInOrder(500, 503, 204);

    DeliveryResult result = resultOf(client.send(receiver.endpoint("ep_flaky"), message()));

    assertThat(result.outcome()).isEqualTo(DeliveryOutcome.DELIVERED);
    assertThat(result.attempts()).isEqualTo(3);
    assertThat(events).filteredOn(e -> e.type() == DeliveryEvent.Type.RETRY_SCHEDULED)
        .extracting(DeliveryEvent::attempt).containsExactly(1, 2);
  }

  @Test
  void everyAttemptCarriesTheSameIdAndAValidSignature() throws Exception {
    receiver.answerInOrder(500, 500, 204);
    WebhookMessage message = message();

    resultOf(client.send(receiver.endpoint("ep_sig"), message));

    WebhookVerifier verifier = WebhookVerifier.builder().key(SECRET).build();
    assertThat(receiver.requests()).hasSize(3).allSatisfy(request -> {
      assertThat(request.getHeaders().get("webhook-id")).isEqualTo(message.id());
      assertThat(verifier.verify(headers(request), body(request)).id()).isEqualTo(message.id());
    });
  }

  @Test
  void signsEachAttemptAtItsOwnTimeSoLateRetriesStayFresh() throws Exception {
    TestClock clock = new TestClock();
    client.close();
    client = LoopbackReceiver.clientBuilder().clock(clock)
        .retryPolicy(RetryPolicy.fixedSchedule(Duration.ofHours(1))).build();
    WebhookVerifier verifier = WebhookVerifier.builder().key(SECRET).clock(clock).build();
    Queue<Long> verifiedTimestamps = new ConcurrentLinkedQueue<>();
    receiver.answer(request -> {
      verifiedTimestamps.add(verifier.verify(headers(request), body(request)).timestamp().getEpochSecond());
      return status(verifiedTimestamps.size() == 1 ? 503 : 204);
    });

    Delivery delivery = client.send(receiver.endpoint("ep_late"), message());
    await().atMost(Duration.ofSeconds(10)).until(() -> receiver.count() == 1);
    clock.advance(Duration.ofHours(1));
    DeliveryResult result = resultOf(delivery);

    assertThat(result.outcome()).isEqualTo(DeliveryOutcome.DELIVERED);
    List<Long> timestamps = List.copyOf(verifiedTimestamps);
    assertThat(timestamps).hasSize(2);
    assertThat(timestamps.get(1) - timestamps.get(0)).isGreaterThanOrEqualTo(3600);
  }

  @Test
  void honoursRetryAfterEndToEnd() throws Exception {
    Queue<Long> arrivals = new ConcurrentLinkedQueue<>();
    MockResponse slowDown = new MockResponse.Builder().code(429).setHeader("Retry-After", "1").build();
    MockResponse[] answers = {slowDown, status(204)};
    receiver.answer(request -> {
      arrivals.add(System.nanoTime());
      return answers[Math.min(arrivals.size() - 1, 1)];
    });
    Endpoint endpoint = Endpoint.builder(receiver.url("/busy")).id("ep_busy").key(SECRET)
        .retryPolicy(RetryPolicy.exponential().newBuilder()
            .initial(Duration.ofMillis(1)).maxDelay(Duration.ofMillis(5)).maxAttempts(3)
            .maxRetryAfter(Duration.ofSeconds(5)).build())
        .build();

    DeliveryResult result = resultOf(client.send(endpoint, message()));

    assertThat(result.outcome()).isEqualTo(DeliveryOutcome.DELIVERED);
    List<Long> times = List.copyOf(arrivals);
    assertThat(Duration.ofNanos(times.get(1) - times.get(0))).isGreaterThanOrEqualTo(Duration.ofMillis(950));
    assertThat(events).filteredOn(e -> e.type() == DeliveryEvent.Type.RETRY_SCHEDULED)
        .extracting(DeliveryEvent::nextWait).containsExactly(Duration.ofSeconds(1));
  }

  @Test
  void aGoneEndpointFailsLaterSendsFastWithoutARequest() throws Exception {
    receiver.answer(request -> status(410));
    Endpoint endpoint = receiver.endpoint("ep_gone");
    resultOf(client.send(endpoint, message()));

    DeliveryResult second = resultOf(client.send(endpoint, message()));

    assertThat(second.outcome()).isEqualTo(DeliveryOutcome.ENDPOINT_GONE);
    assertThat(second.attempts()).isZero();
    assertThat(receiver.count()).isEqualTo(1);
    assertThat(client.endpointHealth("ep_gone").gone()).isTrue();
    assertThat(events).extracting(DeliveryEvent::type).containsOnlyOnce(DeliveryEvent.Type.ENDPOINT_GONE);
  }

  @Test
  void anSsrfRefusalIsNotRetried() throws Exception {
    Endpoint internal = Endpoint.of("ep_internal", "http://10.0.0.1:9/hook", SECRET);

    DeliveryResult result = resultOf(client.send(internal, message()));

    assertThat(result.outcome()).isEqualTo(DeliveryOutcome.REFUSED);
    assertThat(result.attempts()).isEqualTo(1);
    assertThat(result.lastAttempt().error()).contains("SsrfException").contains("private");
    assertThat(events).filteredOn(e -> e.type() == DeliveryEvent.Type.FINISHED).singleElement()
        .satisfies(e -> assertThat(e.cause()).isInstanceOf(SsrfException.class));
  }

  @Test
  void signsWithEveryKeyOfTheEndpointForRotation() throws Exception {
    Ed25519PrivateKey asymmetric = Ed25519PrivateKey.generate();
    Endpoint endpoint = Endpoint.builder(receiver.url("/rotating")).id("ep_rotating")
        .key(SECRET).key(asymmetric).build();

    resultOf(client.send(endpoint, message()));

    RecordedRequest request = receiver.requests().get(0);
    assertThat(request.getHeaders().get("webhook-signature")).contains("v1,").contains("v1a,");
    WebhookVerifier.builder().key(SECRET).build().verify(headers(request), body(request));
    WebhookVerifier.builder().key(asymmetric.publicKey()).build().verify(headers(request), body(request));
  }

  @Test
  void timesOutAStalledReceiver() throws Exception {
    receiver.answer(request -> new MockResponse.Builder().code(204).headersDelay(3, TimeUnit.SECONDS).build());
    Endpoint endpoint = Endpoint.builder(receiver.url("/stall")).id("ep_stall").key(SECRET)
        .callTimeout(Duration.ofMillis(200)).retryPolicy(RetryPolicy.none()).build();

    DeliveryResult result = resultOf(client.send(endpoint, message()));

    assertThat(result.outcome()).isEqualTo(DeliveryOutcome.EXHAUSTED);
    assertThat(result.lastAttempt().statusCode()).isEmpty();
    assertThat(result.lastAttempt().error()).containsIgnoringCase("timeout");
    assertThat(result.lastAttempt().duration()).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void recordsTheResponseHeadersAndATruncatedBody() throws Exception {
    client.close();
    client = LoopbackReceiver.clientBuilder().maxResponseBodyBytes(8).retryPolicy(RetryPolicy.none()).build();
    receiver.answer(request -> new MockResponse.Builder().code(500).setHeader("X-Trace", "t-1")
        .body("a long explanation of the failure").build());

    DeliveryResult result = resultOf(client.send(receiver.endpoint("ep_body"), message()));

    DeliveryAttempt attempt = client.store().attempts(result.messageId()).get(0);
    assertThat(attempt.responseBody()).isEqualTo("a long e");
    assertThat(attempt.responseHeaders().get("x-trace")).containsExactly("t-1");
    assertThat(attempt.status()).isEqualTo(500);
  }

  @Test
  void sendAndAwaitReturnsTheFinalOutcome() throws Exception {
    DeliveryResult result = client.sendAndAwait(receiver.endpoint("ep_wait"), message(), Duration.ofSeconds(30));

    assertThat(result.delivered()).isTrue();
  }

  @Test
  void sendingTheSameMessageTwiceWhilePendingIsOneDelivery() throws Exception {
    receiver.answerInOrder(500, 204);
    WebhookMessage message = message();
    Endpoint endpoint = receiver.endpoint("ep_twice");

    Delivery first = client.send(endpoint, message);
    Delivery second = client.send(endpoint, message);

    assertThat(resultOf(first).attempts()).isEqualTo(resultOf(second).attempts());
  }

  @Test
  void attemptOnceMakesExactlyOneSynchronousAttempt() {
    receiver.answer(request -> status(503));
    WebhookMessage message = message();

    DeliveryAttempt attempt = client.attemptOnce(receiver.endpoint("ep_test"), message);

    assertThat(attempt.status()).isEqualTo(503);
    assertThat(attempt.attempt()).isEqualTo(1);
    assertThat(receiver.count()).isEqualTo(1);
    assertThat(client.store().pendingCount()).isZero();
    assertThat(client.store().attempts(message.id())).containsExactly(attempt);
    assertThat(client.endpointHealth("ep_test").failingSince()).isNull();
  }

  @Test
  void redeliverSendsAFinishedMessageAgainWithTheSameId() throws Exception {
    WebhookMessage message = message();
    resultOf(client.send(receiver.endpoint("ep_again"), message));

    List<Delivery> again = client.redeliver(message.id());

    assertThat(again).hasSize(1);
    assertThat(resultOf(again.get(0)).outcome()).isEqualTo(DeliveryOutcome.DELIVERED);
    assertThat(receiver.requests()).extracting(r -> r.getHeaders().get("webhook-id"))
        .containsExactly(message.id(), message.id());
  }

  @Test
  void redeliverOfAnUnknownMessageDoesNothing() {
    assertThat(client.redeliver("msg_unknown")).isEmpty();
  }

  @Test
  void listenerHearsEachAttemptAndTheFinish() throws Exception {
    DeliveryResult result = resultOf(client.send(receiver.endpoint("ep_events"), message()));

    await().atMost(Duration.ofSeconds(5)).until(() -> events.size() >= 2);
    assertThat(events).extracting(DeliveryEvent::type)
        .containsExactly(DeliveryEvent.Type.ATTEMPTED, DeliveryEvent.Type.FINISHED);
    assertThat(events).last().extracting(DeliveryEvent::outcome).isEqualTo(result.outcome());
  }

  @Test
  void aThrowingListenerDoesNotBreakDelivery() throws Exception {
    client.close();
    client = LoopbackReceiver.clientBuilder().listener(event -> {
      throw new IllegalStateException("boom");
    }).build();

    assertThat(resultOf(client.send(receiver.endpoint("ep_boom"), message())).delivered()).isTrue();
  }

  @Test
  void refusesToSendAfterClose() {
    client.close();

    assertThatThrownBy(() -> client.send(receiver.endpoint("ep_closed"), message()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    assertThatThrownBy(() -> client.attemptOnce(receiver.endpoint("ep_closed"), message()))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void encodesPayloadsWithTheConfiguredCodec() throws Exception {
    client.close();
    client = LoopbackReceiver.clientBuilder().payloadCodec(new PayloadCodec() {
      @Override
      public byte[] encode(Object payload) {
        return ("text:" + payload).getBytes(StandardCharsets.UTF_8);
      }

      @Override
      public String contentType() {
        return "text/plain; charset=utf-8";
      }
    }).build();

    resultOf(client.send(receiver.endpoint("ep_text"), WebhookMessage.of("a.b", 42)));

    RecordedRequest request = receiver.requests().get(0);
    assertThat(request.getHeaders().get("Content-Type")).isEqualTo("text/plain; charset=utf-8");
    assertThat(new String(body(request), StandardCharsets.UTF_8)).isEqualTo("text:42");
  }

  @Test
  void sendingADeliveredMessageAgainDeliversItAgain() throws Exception {
    WebhookMessage message = message();
    Endpoint endpoint = receiver.endpoint("ep_repeat");
    resultOf(client.send(endpoint, message));

    DeliveryResult again = resultOf(client.send(endpoint, message));

    assertThat(again.delivered()).isTrue();
    assertThat(receiver.count()).isEqualTo(2);
  }

  @Test
  void aDerivedClientKeepsItsOwnStore() throws Exception {
    try (WebhookClient derived = client.newBuilder().build()) {
      resultOf(derived.send(receiver.endpoint("ep_derived"), message()));

      assertThat(derived.store()).isNotSameAs(client.store());
    }
  }

  @Test
  void refusesNonsenseSettings() {
    WebhookClient.Builder builder = WebhookClient.builder();

    assertThatThrownBy(() -> builder.callTimeout(Duration.ZERO)).hasMessageContaining("callTimeout must be positive");
    assertThatThrownBy(() -> builder.maxConcurrencyPerEndpoint(0)).hasMessageContaining("at least 1");
    assertThatThrownBy(() -> builder.closeTimeout(Duration.ofSeconds(-1))).hasMessageContaining("negative");
    assertThatThrownBy(() -> builder.maxResponseBodyBytes(-1)).hasMessageContaining("negative");
  }

  @Test
  void toStringShowsNoSecret() {
    assertThat(client.toString()).doesNotContain(SECRET.substring(6));
    assertThat(receiver.endpoint("ep_1").toString()).doesNotContain(SECRET.substring(6));
  }
}
