package dev.hookmesh.spring.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonPointer;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a few values out of a JSON document by JSON pointer, in one streaming pass that builds
 * no tree: the event type and the message id of a webhook, where a tree would cost more than
 * everything else the receiver does with a body that a listener takes as {@code byte[]}.
 *
 * <p>It gives what {@code mapper.readTree(body).at(pointer)} followed by "text of a string or
 * number node, else {@code null}" gives, on purpose to the letter: the pass goes on to the end
 * of the document, so a body that is not JSON is refused wherever its error is, and a repeated
 * property counts by its last occurrence, as in a tree. Subtrees no pointer goes into are
 * skipped token by token, never decoded into objects.
 */
final class JsonFields {

  private JsonFields() {}

  /**
   * The text at each pointer: a string's value, a number as its tree node writes it, or
   * {@code null} for anything else or nothing there.
   *
   * @param mapper gives the parser its features and limits, as for {@code readTree}
   * @param body the document
   * @param pointers where to look
   * @return one value per pointer, in order
   * @throws ReceivedWebhook.NotJsonException if the body is empty or not JSON
   */
  static @Nullable String[] read(JsonMapper mapper, byte[] body, List<JsonPointer> pointers) {
    @Nullable String[] found = new String[pointers.size()];
    try (JsonParser parser = mapper.createParser(body)) {
      JsonToken root = parser.nextToken();
      if (root == null) {
        throw new ReceivedWebhook.NotJsonException(null);
      }
      List<Target> targets = new ArrayList<>(pointers.size());
      for (int i = 0; i < pointers.size(); i++) {
        targets.add(new Target(i, pointers.get(i)));
      }
      value(parser, root, targets, found);
      if (mapper.isEnabled(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          && parser.nextToken() != null) {
        throw new ReceivedWebhook.NotJsonException(null);
      }
    } catch (JacksonException e) {
      throw new ReceivedWebhook.NotJsonException(e);
    }
    return found;
  }

  /** A pointer still being followed: what is left of it, and where its value goes. */
  private record Target(int index, JsonPointer rest) {}

  /** Reads the value starting at {@code token}, leaving the parser on its last token. */
  private static void value(
      JsonParser parser, JsonToken token, List<Target> targets, @Nullable String[] found) {
    List<Target> deeper = new ArrayList<>(targets.size());
    for (Target target : targets) {
      if (target.rest().matches()) {
        found[target.index()] = scalar(parser, token);
      } else {
        deeper.add(target);
      }
    }
    if (token == JsonToken.START_OBJECT) {
      properties(parser, deeper, found);
    } else if (token == JsonToken.START_ARRAY) {
      elements(parser, deeper, found);
    }
  }

  private static void properties(JsonParser parser, List<Target> targets, @Nullable String[] found) {
    while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
      String name = parser.currentName();
      follow(parser, parser.nextToken(), into(targets, rest -> rest.matchProperty(name), found),
          found);
    }
  }

  private static void elements(JsonParser parser, List<Target> targets, @Nullable String[] found) {
    int index = 0;
    JsonToken token;
    while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
      int element = index++;
      follow(parser, token, into(targets, rest -> rest.matchElement(element), found), found);
    }
  }

  /**
   * The targets that go on into one property or element, with what is left of their pointers,
   * or {@code null} if none does. A repeated property replaces the earlier one whole, as in a
   * tree, so what an earlier occurrence held is forgotten.
   */
  private static @Nullable List<Target> into(List<Target> targets,
      Function<JsonPointer, @Nullable JsonPointer> step, @Nullable String[] found) {
    List<Target> into = null;
    for (Target target : targets) {
      JsonPointer rest = step.apply(target.rest());
      if (rest != null) {
        if (into == null) {
          into = new ArrayList<>(targets.size());
        }
        found[target.index()] = null;
        into.add(new Target(target.index(), rest));
      }
    }
    return into;
  }

  private static void follow(JsonParser parser, JsonToken token, @Nullable List<Target> into,
      @Nullable String[] found) {
    if (into != null) {
      value(parser, token, into, found);
    } else if (token.isStructStart()) {
      parser.skipChildren(); // still tokenized, so a malformed subtree is still refused
    }
  }

  private static @Nullable String scalar(JsonParser parser, JsonToken token) {
    if (token == JsonToken.VALUE_STRING) {
      return parser.getString();
    }
    if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
      // The node the tree would hold, so that 1.50 or 1e3 reads as the tree writes it.
      JsonNode number = parser.readValueAsTree();
      return number.asString();
    }
    return null;
  }
}
