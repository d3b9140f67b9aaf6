package dev.hookmesh.platform.internal;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.hookmesh.platform.PlatformException.Reason;
import dev.hookmesh.platform.PlatformException;
import java.util.List;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * An event type's JSON Schema, compiled once, with the networknt validator (an optional
 * dependency: only catalogs with schemas need it). Draft 2020-12 unless the schema names
 * another with {@code $schema}; references to other documents are never fetched, so a schema
 * cannot make the application call out.
 */
public final class PayloadSchema {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema";
  private static final int SHOWN_ERRORS = 5;

  private final Schema schema;

  private PayloadSchema(Schema schema) {
    this.schema = schema;
  }

  /**
   * Compiles a schema.
   *
   * @param eventType the event type it belongs to, for messages
   * @param schema the schema's JSON text
   * @return the compiled schema
   * @throws PlatformException if it is not JSON, not a schema, or the validator is missing
   */
  public static PayloadSchema compile(String eventType, String schema) {
    requireJson(eventType, schema);
    try {
      String dialect = JSON.readTree(schema).path("$schema").asString(DRAFT_2020_12);
      List<Error> invalid = Registry.INSTANCE.getSchema(SchemaLocation.of(dialect))
          .validate(schema, InputFormat.JSON);
      if (!invalid.isEmpty()) {
        throw new PlatformException(Reason.INVALID, "The schema of " + eventType + " is not a"
            + " JSON Schema: " + describe(invalid));
      }
      return new PayloadSchema(Registry.INSTANCE.getSchema(schema, InputFormat.JSON));
    } catch (PlatformException e) {
      throw e;
    } catch (NoClassDefFoundError e) {
      throw new PlatformException(Reason.INVALID, "The event type " + eventType + " has a JSON"
          + " Schema, which needs com.networknt:json-schema-validator on the class path (the"
          + " Spring Boot starter brings it)");
    } catch (RuntimeException e) {
      throw new PlatformException(Reason.INVALID, "The schema of " + eventType + " is not a"
          + " JSON Schema: " + Checks.shown(String.valueOf(e.getMessage())));
    }
  }

  /**
   * Checks that text is one JSON document.
   *
   * @param eventType the event type, for the message
   * @param json the text
   * @throws PlatformException if it is not
   */
  public static void requireJson(String eventType, String json) {
    try {
      JSON.readTree(json);
    } catch (JacksonException e) {
      throw new PlatformException(Reason.INVALID, "A JSON document of the event type "
          + eventType + " does not parse: " + Checks.shown(e.getOriginalMessage()));
    }
  }

  /**
   * Checks an example against the schema.
   *
   * @param eventType the event type, for the message
   * @param json the example's JSON text
   * @param what what the text is, such as "the example of "
   * @throws PlatformException ({@link Reason#INVALID}) if it does not match
   */
  public void check(String eventType, String json, String what) {
    requireJson(eventType, json);
    List<Error> errors = schema.validate(json, InputFormat.JSON);
    if (!errors.isEmpty()) {
      throw new PlatformException(Reason.INVALID, capitalized(what) + eventType
          + " does not match its schema: " + describe(errors));
    }
  }

  /**
   * Checks a payload against the schema.
   *
   * @param eventType the event type, for the message
   * @param body the payload's bytes, JSON
   * @throws PlatformException ({@link Reason#INVALID_PAYLOAD}) if it does not match
   */
  public void check(String eventType, byte[] body) {
    List<Error> errors;
    try {
      errors = schema.validate(JSON.readTree(body));
    } catch (JacksonException e) {
      throw new PlatformException(Reason.INVALID_PAYLOAD, "The payload of " + eventType
          + " is not JSON, which its schema needs: " + Checks.shown(e.getOriginalMessage()));
    }
    if (!errors.isEmpty()) {
      throw new PlatformException(Reason.INVALID_PAYLOAD, "The payload does not match the"
          + " schema of " + eventType + ": " + describe(errors));
    }
  }

  private static String describe(List<Error> errors) {
    String shown = errors.stream().limit(SHOWN_ERRORS)
        .map(error -> {
          String at = String.valueOf(error.getInstanceLocation());
          return (at.isEmpty() || at.equals("$") ? "the payload" : at) + ": "
              + error.getMessage();
        })
        .collect(Collectors.joining("; "));
    return errors.size() > SHOWN_ERRORS
        ? shown + "; and " + (errors.size() - SHOWN_ERRORS) + " more" : shown;
  }

  private static String capitalized(String text) {
    return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }

  /** The registry, made on first use so that the class is only needed when schemas are. */
  private static final class Registry {
    static final SchemaRegistry INSTANCE = SchemaRegistry.withDefaultDialect(
        SpecificationVersion.DRAFT_2020_12,
        builder -> builder.schemaLoader(loader -> loader.fetchRemoteResources(false)));
  }
}
