package dev.hookmesh.spring.aot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookmesh.spring.WebhookEventType;
import dev.hookmesh.spring.WebhookHeader;
import dev.hookmesh.spring.WebhookListener;
import dev.hookmesh.spring.internal.WebhookListenerAotProcessor;
import java.lang.reflect.Method;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.AotServices;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.javapoet.ClassName;

/**
 * What Spring AOT learns from the starter: each listener method may be invoked and its payload
 * type built by Jackson (records with their nested types), the types Hookmesh fills itself
 * need nothing, and the resources Hookmesh reads are included.
 */
class WebhookListenerAotTest {

  record LineItem(String sku, int quantity) {}

  record Invoice(String id, long amountCents, List<LineItem> lines) {}

  static class Listeners {
    @WebhookListener(endpoint = "billing", events = "invoice.*")
    void invoice(Invoice invoice, @WebhookEventType String type, @WebhookHeader("X-Tenant")
        String tenant) {}

    void notAListener(Invoice invoice) {}
  }

  static class NoListeners {
    void something(Invoice invoice) {}
  }

  private static RuntimeHints hintsFor(Class<?> type) {
    DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
    beans.registerBeanDefinition("bean", new RootBeanDefinition(type));
    List<BeanRegistrationAotProcessor> processors = AotServices.factories()
        .load(BeanRegistrationAotProcessor.class).asList().stream()
        .filter(WebhookListenerAotProcessor.class::isInstance).toList();
    assertThat(processors).as("declared in META-INF/spring/aot.factories").hasSize(1);
    BeanRegistrationAotContribution contribution =
        processors.get(0).processAheadOfTime(RegisteredBean.of(beans, "bean"));
    DefaultGenerationContext context = new DefaultGenerationContext(
        new ClassNameGenerator(ClassName.get("dev.hookmesh.aot", "Test")),
        new InMemoryGeneratedFiles());
    if (contribution != null) {
      contribution.applyTo(context, null);
    }
    return context.getRuntimeHints();
  }

  @Test
  void listenerMethodsMayBeInvokedAndTheirPayloadsBound() throws Exception {
    RuntimeHints hints = hintsFor(Listeners.class);
    Method listener = Listeners.class.getDeclaredMethod("invoice", Invoice.class, String.class,
        String.class);

    assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(listener)).accepts(hints);
    assertThat(RuntimeHintsPredicates.reflection().onType(Invoice.class)).accepts(hints);
    assertThat(RuntimeHintsPredicates.reflection().onType(LineItem.class)).accepts(hints);
    assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(
        Invoice.class.getDeclaredMethod("amountCents"))).accepts(hints);
    assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(
        Listeners.class.getDeclaredMethod("notAListener", Invoice.class))).rejects(hints);
  }

  @Test
  void beansWithoutListenersContributeNothing() {
    RuntimeHints hints = hintsFor(NoListeners.class);

    assertThat(hints.reflection().typeHints()).isEmpty();
  }

  @Test
  void theResourcesHookmeshReadsAreIncluded() {
    RuntimeHints hints = new RuntimeHints();
    AotServices.factories().load(RuntimeHintsRegistrar.class).asList()
        .forEach(registrar -> registrar.registerHints(hints, getClass().getClassLoader()));

    for (String resource : List.of("dev/hookmesh/jdbc/schema-mariadb.sql",
        "dev/hookmesh/spring/internal/management/openapi.json",
        "dev/hookmesh/spring/internal/management/portal/portal.js")) {
      assertThat(RuntimeHintsPredicates.resource().forResource(resource)).as(resource)
          .accepts(hints);
    }
  }
}
