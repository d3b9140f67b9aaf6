package dev.hookmesh.json;

import java.util.Objects;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns an event object into the bytes a webhook carries. The {@code WebhookClient} encodes a
 * message's payload once, when it is sent; every attempt then sends exactly those bytes.
 *
 * <p>One method, so a codec can be a lambda; the content type defaults to JSON:
 *
 * <pre>{@code
 * PayloadCodec jackson = PayloadCodec.jackson();                 // Jackson 3, the default
 * PayloadCodec own = PayloadCodec.jackson(applicationMapper);    // your configured mapper
 * PayloadCodec text = payload -> payload.toString().getBytes(StandardCharsets.UTF_8);
 * }</pre>
 */
@FunctionalInterface
public interface PayloadCodec {

  /** The content type of JSON payloads. */
  String JSON = "application/json";

  /**
   * Encodes a payload.
   *
   * @param payload the event object
   * @return the bytes to send
   * @throws IllegalArgumentException if the payload cannot be encoded
   */
  byte[] encode(Object payload);

  /**
   * The {@code Content-Type} of what {@link #encode(Object)} produces.
   *
   * @return {@value #JSON} unless overridden
   */
  default String contentType() {
    return JSON;
  }

  /**
   * A codec on a default Jackson 3 {@link JsonMapper}.
   *
   * @return the default codec
   */
  static PayloadCodec jackson() {
    return JacksonPayloadCodec.DEFAULT;
  }

  /**
   * A codec on your own Jackson 3 mapper, so payloads are written with the application's
   * modules and naming rules.
   *
   * @param mapper the mapper
   * @return a codec using it
   */
  static PayloadCodec jackson(JsonMapper mapper) {
    return new JacksonPayloadCodec(Objects.requireNonNull(mapper, "mapper"));
  }
}
