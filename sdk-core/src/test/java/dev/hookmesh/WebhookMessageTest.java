package dev.hookmesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookmesh.json.PayloadCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WebhookMessageTest {

  @Test
  void generatesMsgIdsOf26RandomBase32Characters() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      ids.add(WebhookMessage.of("a.b", 1).id());
    }

    assertThat(ids).hasSize(1000).allMatch(id -> id.matches("msg_[0-9a-hjkmnp-tv-z]{26}"));
  }

  @Test
  void keepsAGivenId() {
    assertThat(WebhookMessage.builder("a.b").id("msg_own").payload(1).build().id()).isEqualTo("msg_own");
  }

  @Test
  void refusesIdsThatCannotTravelInAHeader() {
    WebhookMessage.Builder builder = WebhookMessage.builder("a.b");

    assertThatThrownBy(() -> builder.id("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.id("msg 1")).hasMessageContaining("visible ASCII");
    assertThatThrownBy(() -> builder.id("msg_é")).hasMessageContaining("visible ASCII");
    assertThatThrownBy(() -> builder.id("m".repeat(257))).hasMessageContaining("256");
  }

  @Test
  void needsAnEventTypeAndAPayload() {
    assertThatThrownBy(() -> WebhookMessage.builder(" ")).hasMessageContaining("event type");
    assertThatThrownBy(() -> WebhookMessage.builder("a.b").build()).hasMessageContaining("payload");
    assertThatThrownBy(() -> WebhookMessage.builder("a.b").body(new byte[0], "not a type"))
        .hasMessageContaining("content type");
  }

  @Test
  void encodesAPayloadOnceKeepingIdAndTime() {
    Instant created = Instant.parse("2026-11-23T06:00:00Z");
    WebhookMessage message = WebhookMessage.builder("a.b").payload(Map.of("n", 1)).createdAt(created).build();

    WebhookMessage encoded = message.encode(PayloadCodec.jackson());

    assertThat(message.isEncoded()).isFalse();
    assertThatThrownBy(message::body).hasMessageContaining("encode");
    assertThat(new String(encoded.body(), StandardCharsets.UTF_8)).isEqualTo("{\"n\":1}");
    assertThat(encoded.contentType()).isEqualTo("application/json");
    assertThat(encoded.id()).isEqualTo(message.id());
    assertThat(encoded.createdAt()).isEqualTo(created);
    assertThat(encoded.encode(PayloadCodec.jackson())).isSameAs(encoded);
  }

  @Test
  void aCustomCodecSetsTheContentType() {
    PayloadCodec text = new PayloadCodec() {
      @Override
      public byte[] encode(Object payload) {
        return payload.toString().getBytes(StandardCharsets.UTF_8);
      }

      @Override
      public String contentType() {
        return "text/plain";
      }
    };

    WebhookMessage encoded = WebhookMessage.of("a.b", 42).encode(text);

    assertThat(encoded.contentType()).isEqualTo("text/plain");
    assertThat(encoded.body()).isEqualTo("42".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theDefaultCodecRefusesWhatJacksonCannotWrite() {
    assertThatThrownBy(() -> PayloadCodec.jackson().encode(new Unwritable()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Unwritable");
  }

  /** A bean whose only property cannot be read. */
  public static final class Unwritable {
    /**
     * Fails.
     *
     * @return never
     */
    public String getValue() {
      throw new IllegalStateException("cannot be read");
    }
  }

  @Test
  void toStringShowsTheSizeNotTheBody() {
    WebhookMessage message = WebhookMessage.builder("a.b").id("msg_1")
        .body("secret-ish".getBytes(StandardCharsets.UTF_8), "text/plain").build();

    assertThat(message.toString()).contains("msg_1", "10 bytes").doesNotContain("secret-ish");
  }

  @Test
  void anOrderingKeyIsKeptThroughEncodingAndDerivedBuilders() {
    WebhookMessage message = WebhookMessage.builder("order.updated").id("msg_1")
        .payload(Map.of("order", "ord_1")).orderingKey("ord_1").build();

    WebhookMessage encoded = message.encode(PayloadCodec.jackson());
    WebhookMessage renamed = encoded.newBuilder().id("msg_2").build();

    assertThat(encoded.orderingKey()).isEqualTo("ord_1");
    assertThat(renamed.id()).isEqualTo("msg_2");
    assertThat(renamed.orderingKey()).isEqualTo("ord_1");
    assertThat(renamed.body()).isSameAs(encoded.body());
    assertThat(renamed.createdAt()).isEqualTo(encoded.createdAt());
    assertThat(renamed.contentType()).isEqualTo(encoded.contentType());
    assertThat(WebhookMessage.builder("a.b").payload(Map.of()).build().orderingKey()).isNull();
  }

  @Test
  void refusesAnOrderingKeyNoStoreCouldKeep() {
    WebhookMessage.Builder builder = WebhookMessage.builder("a.b").payload(Map.of());

    assertThatThrownBy(() -> builder.orderingKey("")).hasMessageContaining("1 to 255");
    assertThatThrownBy(() -> builder.orderingKey("k".repeat(256))).hasMessageContaining("1 to 255");
    assertThatThrownBy(() -> builder.orderingKey("a\u0000b")).hasMessageContaining("no NUL");
    assertThat(builder.orderingKey(null).build().orderingKey()).isNull();
  }
}
