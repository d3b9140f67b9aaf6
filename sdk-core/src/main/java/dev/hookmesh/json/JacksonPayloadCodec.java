package dev.hookmesh.json;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** Writes payloads as JSON with a Jackson 3 mapper. */
final class JacksonPayloadCodec implements PayloadCodec {

  static final JacksonPayloadCodec DEFAULT = new JacksonPayloadCodec(JsonMapper.builder().build());

  private final JsonMapper mapper;

  JacksonPayloadCodec(JsonMapper mapper) {
    this.mapper = mapper;
  }

  @Override
  public byte[] encode(Object payload) {
    try {
      return mapper.writeValueAsBytes(payload);
    } catch (JacksonException e) {
      throw new IllegalArgumentException(
          "Cannot encode a payload of type " + payload.getClass().getName() + " as JSON", e);
    }
  }

  @Override
  public String toString() {
    return "PayloadCodec.jackson()";
  }
}
