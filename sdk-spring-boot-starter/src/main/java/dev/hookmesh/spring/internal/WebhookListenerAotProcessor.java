package dev.hookmesh.spring.internal;

import dev.hookmesh.HeaderLookup;
import dev.hookmesh.WebhookEvent;
import dev.hookmesh.spring.WebhookEventType;
import dev.hookmesh.spring.WebhookHeader;
import dev.hookmesh.spring.WebhookListener;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import tools.jackson.databind.JsonNode;

/**
 * Ahead of time, for each bean with {@link WebhookListener} methods: the methods may be
 * invoked reflectively, and the types their payload parameters bind (records, POJOs and what
 * they hold) may be built by Jackson, so that listeners work in a native image and in AOT
 * mode. Parameters Hookmesh fills itself (the raw body, headers, the event type) need nothing.
 */
public final class WebhookListenerAotProcessor implements BeanRegistrationAotProcessor {

  @Override
  public @Nullable BeanRegistrationAotContribution processAheadOfTime(RegisteredBean bean) {
    Class<?> type = bean.getBeanClass();
    Map<Method, WebhookListener> methods = MethodIntrospector.selectMethods(type,
        (MethodIntrospector.MetadataLookup<WebhookListener>) method ->
            AnnotatedElementUtils.findMergedAnnotation(method, WebhookListener.class));
    if (methods.isEmpty()) {
      return null;
    }
    return (generationContext, code) -> register(generationContext.getRuntimeHints(),
        methods.keySet());
  }

  /** The hints for listener methods: invocation, and binding for their payload types. */
  static void register(RuntimeHints hints, Iterable<Method> methods) {
    BindingReflectionHintsRegistrar binding = new BindingReflectionHintsRegistrar();
    for (Method method : methods) {
      hints.reflection().registerMethod(method, ExecutableMode.INVOKE);
      for (Parameter parameter : method.getParameters()) {
        if (isPayload(parameter)) {
          binding.registerReflectionHints(hints.reflection(), parameter.getParameterizedType());
        }
      }
    }
  }

  private static boolean isPayload(Parameter parameter) {
    Class<?> type = parameter.getType();
    return !parameter.isAnnotationPresent(WebhookEventType.class)
        && !parameter.isAnnotationPresent(WebhookHeader.class)
        && type != byte[].class && type != String.class && type != WebhookEvent.class
        && type != HeaderLookup.class && !JsonNode.class.isAssignableFrom(type)
        && !type.isPrimitive();
  }
}
