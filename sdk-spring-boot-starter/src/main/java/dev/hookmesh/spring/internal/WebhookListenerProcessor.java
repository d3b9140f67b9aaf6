package dev.hookmesh.spring.internal;

import dev.hookmesh.spring.WebhookEndpoint;
import dev.hookmesh.spring.WebhookEndpoints;
import dev.hookmesh.spring.WebhookListener;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.core.annotation.OrderUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * Finds {@link WebhookListener} methods on every bean as it is initialized, and once all
 * singletons exist checks them against the configured endpoints and puts them in order.
 */
public final class WebhookListenerProcessor
    implements BeanPostProcessor, SmartInitializingSingleton, BeanFactoryAware {

  private static final Log logger = LogFactory.getLog(WebhookListenerProcessor.class);

  private final Set<Class<?>> withoutListeners = ConcurrentHashMap.newKeySet();
  private final List<Found> found = new ArrayList<>();
  private @Nullable ListableBeanFactory beanFactory;
  private volatile List<ListenerMethod> listeners = List.of();

  private record Found(String beanName, Object bean, Method method, WebhookListener annotation) {}

  @Override
  public void setBeanFactory(BeanFactory beanFactory) {
    this.beanFactory = (ListableBeanFactory) beanFactory;
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
    Class<?> target = AopUtils.getTargetClass(bean);
    if (withoutListeners.contains(target)
        || !AnnotationUtils.isCandidateClass(target, WebhookListener.class)) {
      return bean;
    }
    Map<Method, WebhookListener> methods = MethodIntrospector.selectMethods(target,
        (MethodIntrospector.MetadataLookup<WebhookListener>) method ->
            AnnotatedElementUtils.findMergedAnnotation(method, WebhookListener.class));
    if (methods.isEmpty()) {
      withoutListeners.add(target);
      return bean;
    }
    if (beanFactory != null && beanFactory.containsBean(beanName)
        && !beanFactory.isSingleton(beanName)) {
      // Each instance would be registered again and never released.
      throw new IllegalStateException("@WebhookListener methods must be on singleton beans, but '"
          + beanName + "' (" + target.getName() + ") is not");
    }
    synchronized (found) {
      methods.forEach((method, annotation) -> {
        // Call through the proxy, if any, so that the bean's advice applies.
        Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
        found.add(new Found(beanName, bean, invocable, annotation));
      });
    }
    return bean;
  }

  @Override
  public void afterSingletonsInstantiated() {
    ListableBeanFactory factory = beanFactory;
    if (factory == null) {
      return;
    }
    WebhookEndpoints endpoints = factory.getBeanProvider(WebhookEndpoints.class).getIfAvailable();
    JsonMapper mapper = factory.getBeanProvider(JsonMapper.class).getIfUnique(JsonMapper::new);
    List<String> beanOrder = Arrays.asList(factory.getBeanDefinitionNames());
    List<Found> ordered;
    synchronized (found) {
      ordered = new ArrayList<>(found);
    }
    ordered.sort(Comparator.comparingInt((Found f) -> order(f))
        .thenComparingInt(f -> position(beanOrder, f.beanName()))
        .thenComparing(f -> f.method().getName()));
    List<ListenerMethod> prepared = new ArrayList<>();
    for (Found f : ordered) {
      String endpoint = f.annotation().endpoint();
      if (endpoints == null || endpoints.get(endpoint) == null) {
        throw new IllegalStateException("@WebhookListener " + ListenerMethod.describe(f.method())
            + " names the endpoint '" + endpoint + "', but no enabled endpoint has that name; "
            + "configured: " + (endpoints == null ? "none" : endpoints.all().stream()
                .map(e -> e.name()).toList())
            + ". Configure hookmesh.receiver.endpoints." + endpoint + ".secrets");
      }
      prepared.add(ListenerMethod.of(f.bean(), f.method(), f.annotation(), mapper));
    }
    if (endpoints != null) {
      checkOrderingKeys(endpoints, prepared);
    }
    listeners = List.copyOf(prepared);
    if (logger.isDebugEnabled()) {
      logger.debug("Webhook listeners, in call order: " + listeners);
    }
  }

  /**
   * A listener's ordering key applies to its endpoint's events in the inbox: it needs an inbox
   * endpoint, and the listeners of one endpoint must not name different keys.
   */
  private static void checkOrderingKeys(WebhookEndpoints endpoints,
      List<ListenerMethod> listeners) {
    Map<String, ListenerMethod> named = new HashMap<>();
    for (ListenerMethod listener : listeners) {
      String key = listener.orderingKey();
      if (key == null) {
        continue;
      }
      WebhookEndpoint endpoint = endpoints.get(listener.endpoint());
      if (endpoint != null && !endpoint.usesInbox()) {
        throw new IllegalStateException("@WebhookListener " + listener + " names the ordering"
            + " key '" + key + "', which orders events in the inbox, but the endpoint '"
            + listener.endpoint() + "' processes inline: set hookmesh.receiver.endpoints."
            + listener.endpoint() + ".processing=inbox");
      }
      ListenerMethod first = named.putIfAbsent(listener.endpoint(), listener);
      if (first != null && !key.equals(first.orderingKey())) {
        throw new IllegalStateException("@WebhookListener " + listener + " names the ordering"
            + " key '" + key + "', but " + first + " names '" + first.orderingKey() + "' for the"
            + " same endpoint '" + listener.endpoint() + "': events of one endpoint have one"
            + " order. Name the key once, as hookmesh.receiver.endpoints." + listener.endpoint()
            + ".ordering-key");
      }
    }
  }

  private static int order(Found f) {
    Integer onMethod = OrderUtils.getOrder(f.method());
    if (onMethod != null) {
      return onMethod;
    }
    if (f.bean() instanceof Ordered ordered) {
      return ordered.getOrder();
    }
    return OrderUtils.getOrder(AopUtils.getTargetClass(f.bean()), Ordered.LOWEST_PRECEDENCE);
  }

  private static int position(List<String> beanOrder, String beanName) {
    int index = beanOrder.indexOf(beanName);
    return index < 0 ? Integer.MAX_VALUE : index;
  }

  /** The validated listeners, in call order; empty until every singleton exists. */
  List<ListenerMethod> listeners() {
    return listeners;
  }
}
