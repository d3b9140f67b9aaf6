package dev.hookmesh.spring.internal;

import dev.hookmesh.HeaderLookup;
import dev.hookmesh.WebhookEvent;
import dev.hookmesh.spring.WebhookEventType;
import dev.hookmesh.spring.WebhookHeader;
import dev.hookmesh.spring.WebhookListener;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ReflectionUtils;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A validated {@link WebhookListener} method, ready to be called with a received webhook. */
final class ListenerMethod {

  private final Object bean;
  private final Method method;
  private final String endpoint;
  private final List<Pattern> events;
  private final boolean matchesAll;
  private final List<Function<ReceivedWebhook, @Nullable Object>> arguments;
  private final boolean needsTree;
  private final @Nullable JavaType payloadType;
  private final boolean needsEventType;
  private final @Nullable String orderingKey;

  private ListenerMethod(
      Object bean, Method method, String endpoint, List<String> globs,
      List<Function<ReceivedWebhook, @Nullable Object>> arguments, boolean needsTree,
      @Nullable JavaType payloadType, boolean needsEventType, @Nullable String orderingKey) {
    this.bean = bean;
    this.method = method;
    this.endpoint = endpoint;
    this.orderingKey = orderingKey;
    List<Pattern> events = new ArrayList<>();
    for (String glob : globs) {
      events.add(glob(glob));
    }
    this.events = List.copyOf(events);
    this.matchesAll = globs.contains("*");
    this.arguments = arguments;
    this.needsTree = needsTree;
    this.payloadType = payloadType;
    this.needsEventType = needsEventType;
  }

  /**
   * Checks the method's parameters and prepares how each is resolved.
   *
   * @throws IllegalStateException describing the first parameter that cannot be bound
   */
  static ListenerMethod of(
      Object bean, Method method, WebhookListener annotation, JsonMapper mapper) {
    List<Function<ReceivedWebhook, @Nullable Object>> arguments = new ArrayList<>();
    boolean needsTree = false;
    boolean needsEventType = false;
    Parameter payload = null;
    JavaType payloadType = null;
    Parameter[] parameters = method.getParameters();
    for (int i = 0; i < parameters.length; i++) {
      Parameter parameter = parameters[i];
      Type generic = method.getGenericParameterTypes()[i];
      Class<?> type = parameter.getType();
      WebhookHeader header = parameter.getAnnotation(WebhookHeader.class);
      if (parameter.isAnnotationPresent(WebhookEventType.class)) {
        if (type != String.class) {
          throw invalid(method, parameter, "@WebhookEventType binds a String, not "
              + generic.getTypeName());
        }
        needsEventType = true;
        arguments.add(ReceivedWebhook::eventType);
      } else if (header != null) {
        String name = header.value();
        if (type == String.class) {
          arguments.add(received -> received.first(name));
        } else if (type == List.class && isListOfString(generic)) {
          arguments.add(received -> received.headers.values(name));
        } else {
          throw invalid(method, parameter, "@WebhookHeader binds String or List<String>, not "
              + generic.getTypeName());
        }
      } else if (type == byte[].class) {
        arguments.add(received -> received.event.body());
      } else if (type == String.class) {
        arguments.add(received -> new String(received.event.body(), StandardCharsets.UTF_8));
      } else if (type == WebhookEvent.class) {
        arguments.add(received -> received.event);
      } else if (type == HeaderLookup.class) {
        arguments.add(received -> received.headers);
      } else if (JsonNode.class.isAssignableFrom(type)) {
        needsTree = true;
        arguments.add(ReceivedWebhook::json);
      } else if (type.isPrimitive() || Number.class.isAssignableFrom(type)
          || type == Boolean.class || type == Character.class) {
        throw invalid(method, parameter, "a " + type.getSimpleName()
            + " cannot hold a webhook payload; use a record or POJO, JsonNode, String, byte[], "
            + "WebhookEvent, HeaderLookup, or @WebhookHeader");
      } else {
        if (payload != null) {
          throw invalid(method, parameter, "only one parameter can take the payload, and '"
              + payload.getName() + "' already does");
        }
        payload = parameter;
        JavaType javaType = mapper.constructType(generic);
        payloadType = javaType;
        arguments.add(received -> received.payload(javaType));
      }
    }
    String orderingKey = annotation.orderingKey().isEmpty() ? null : annotation.orderingKey();
    if (orderingKey != null && !orderingKey.startsWith("/")) {
      throw new IllegalStateException("@WebhookListener " + describe(method) + ": orderingKey '"
          + orderingKey + "' is not a JSON pointer into the body; write it as /data/object/id");
    }
    ReflectionUtils.makeAccessible(method);
    return new ListenerMethod(
        bean, method, annotation.endpoint(), List.of(annotation.events()),
        List.copyOf(arguments), needsTree, payloadType, needsEventType, orderingKey);
  }

  private static boolean isListOfString(Type generic) {
    return generic instanceof ParameterizedType parameterized
        && parameterized.getActualTypeArguments()[0] == String.class;
  }

  private static IllegalStateException invalid(Method method, Parameter parameter, String why) {
    return new IllegalStateException("@WebhookListener " + describe(method) + ": parameter '"
        + parameter.getName() + "': " + why);
  }

  static String describe(Method method) {
    return method.getDeclaringClass().getName() + "." + method.getName() + "()";
  }

  /** A glob where '*' matches any run of characters and everything else is literal. */
  static Pattern glob(String glob) {
    String[] parts = glob.split("\\*", -1);
    StringBuilder regex = new StringBuilder(Pattern.quote(parts[0]));
    for (int i = 1; i < parts.length; i++) {
      regex.append(".*").append(Pattern.quote(parts[i]));
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }

  String endpoint() {
    return endpoint;
  }

  /** The ordering key the listener names, or {@code null}. */
  @Nullable String orderingKey() {
    return orderingKey;
  }

  Method method() {
    return method;
  }

  Object bean() {
    return bean;
  }

  /** Whether the listener takes every event type, so that its filter needs none read. */
  boolean matchesAll() {
    return matchesAll;
  }

  boolean matches(String eventType) {
    if (matchesAll) {
      return true; // what "*" compiles to, ".*" with DOTALL, matches any string
    }
    for (Pattern pattern : events) {
      if (pattern.matcher(eventType).matches()) {
        return true;
      }
    }
    return false;
  }

  /** Whether a parameter takes the body as a {@code JsonNode}. */
  boolean needsTree() {
    return needsTree;
  }

  /** The type of the parameter the JSON body is bound to, if the method has one. */
  @Nullable JavaType payloadType() {
    return payloadType;
  }

  /** Whether a parameter takes the event type. */
  boolean needsEventType() {
    return needsEventType;
  }

  /** Calls the method; exceptions it throws are rethrown unwrapped. */
  void invoke(ReceivedWebhook received) throws Throwable {
    call(arguments(received));
  }

  /**
   * The method's arguments for a received webhook.
   *
   * @throws RuntimeException if one cannot be made, such as a payload that does not bind
   */
  Object[] arguments(ReceivedWebhook received) {
    Object[] values = new Object[arguments.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = arguments.get(i).apply(received);
    }
    return values;
  }

  /** Calls the method with its arguments; exceptions it throws are rethrown unwrapped. */
  void call(Object[] values) throws Throwable {
    try {
      method.invoke(bean, values);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @Override
  public String toString() {
    return describe(method);
  }
}
