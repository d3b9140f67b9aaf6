package dev.hookmesh.spring.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The streaming reader gives what a tree gives, for every body a tree accepts or refuses. */
class JsonFieldsTest {

  private static final List<JsonPointer> POINTERS = List.of(
      JsonPointer.compile("/type"), JsonPointer.compile("/event/type"),
      JsonPointer.compile("/id"), JsonPointer.compile("/event_id"),
      JsonPointer.compile("/items/1/sku"), JsonPointer.compile("/a~1b"),
      JsonPointer.compile("/0"));

  private final JsonMapper mapper = new JsonMapper();

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"type\":\"invoice.paid\",\"id\":\"evt_1\",\"data\":{\"type\":\"nested\"}}",
      "{\"data\":{\"x\":[1,2,{\"type\":\"deep\"}]},\"type\":\"after.skipped\"}",
      "{\"event\":{\"type\":\"app_mention\"},\"event_id\":\"Ev1\",\"type\":\"event_callback\"}",
      "{\"type\":\"first\",\"type\":\"last wins\"}",
      "{\"event\":{\"type\":\"replaced\"},\"event\":{\"other\":1}}",
      "{\"event\":5,\"event\":{\"type\":\"object after scalar\"}}",
      "{\"type\":42,\"id\":-0,\"event_id\":1.50}",
      "{\"type\":1e3,\"id\":12345678901234567890123}",
      "{\"type\":null,\"id\":true,\"event_id\":{\"a\":1}}",
      "{\"type\":[\"a\"],\"id\":\"\"}",
      "{\"items\":[{\"sku\":\"a\"},{\"sku\":\"b\"}],\"a/b\":\"escaped\"}",
      "{\"0\":\"property named zero\"}",
      "[\"array root\",1]",
      "\"a string root\"",
      "null",
      "  {\"type\":\"\\u00e9t\\u00e9 \\\"quoted\\\"\"}  ",
      "{\"type\":\"ok\"} ",
      "{}",
  })
  void readsWhatTheTreeReads(String body) {
    assertThat(JsonFields.read(mapper, bytes(body), POINTERS))
        .containsExactlyElementsOf(fromTree(body));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "",
      "   ",
      "not json {",
      "{\"type\":\"found early\", broken",
      "{\"type\":\"found early\",\"data\":[1,2,}",
      "{\"type\":\"ok\"",
      "{\"type\":\"ok\"} {\"trailing\":1}",
      "{\"type\":\"ok\"} x",
  })
  void refusesWhatTheTreeRefuses(String body) {
    assertThat(treeRefuses(body)).as("the tree refuses it too").isTrue();
    assertThatThrownBy(() -> JsonFields.read(mapper, bytes(body), POINTERS))
        .isInstanceOf(ReceivedWebhook.NotJsonException.class);
  }

  @Test
  void trailingTokensFollowTheMappersSetting() {
    JsonMapper lenient =
        JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    assertThat(JsonFields.read(lenient, bytes("{\"type\":\"a\"} {\"b\":1}"), POINTERS))
        .startsWith("a");
  }

  @Test
  void invalidUtf8InASkippedStringIsStillRefused() {
    byte[] body = {'{', '"', 'x', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};

    assertThatThrownBy(() -> JsonFields.read(mapper, body, POINTERS))
        .isInstanceOf(ReceivedWebhook.NotJsonException.class);
  }

  /** As the receiver judged a body before: it does not parse, or parses to nothing. */
  private boolean treeRefuses(String body) {
    try {
      JsonNode tree = mapper.readTree(bytes(body));
      return tree == null || tree.isMissingNode();
    } catch (JacksonException e) {
      return true;
    }
  }

  private List<@Nullable String> fromTree(String body) {
    JsonNode tree = mapper.readTree(bytes(body));
    List<@Nullable String> values = new ArrayList<>();
    for (JsonPointer pointer : POINTERS) {
      JsonNode node = tree.at(pointer);
      values.add(node.isString() || node.isNumber() ? node.asString() : null);
    }
    return values;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
