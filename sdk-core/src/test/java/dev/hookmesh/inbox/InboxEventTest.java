package dev.hookmesh.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InboxEventTest {

  @Test
  void aBuiltEventsHeadersCannotBeChangedAndDoNotFollowItsBuilder() {
    InboxEvent.Builder builder = InboxEvent.builder("billing", "m1", new byte[] {'{', '}'})
        .header("webhook-id", "m1");
    InboxEvent event = builder.build();

    builder.header("webhook-id", "m2").header("x-later", "1");

    assertThat(event.headers()).containsExactly(Map.entry("webhook-id", List.of("m1")));
    assertThatThrownBy(() -> event.headers().get("webhook-id").add("m3"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> event.headers().put("x", List.of()))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
