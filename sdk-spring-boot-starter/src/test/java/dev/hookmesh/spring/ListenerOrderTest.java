package dev.hookmesh.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookmesh.HeaderLookup;
import dev.hookmesh.WebhookSigner;
import dev.hookmesh.spring.internal.WebhookDispatcher;
import dev.hookmesh.spring.internal.WebhookResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/** Several listeners for one event: all run, in the documented order. */
class ListenerOrderTest {

  static final List<String> calls = new CopyOnWriteArrayList<>();

  private final WebApplicationContextRunner web = new WebApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(
          JacksonAutoConfiguration.class, HookmeshReceiverAutoConfiguration.class))
      .withPropertyValues(HookmeshReceiverAutoConfigurationTest.BILLING + "secrets[0]="
          + HookmeshReceiverAutoConfigurationTest.SECRET);

  static class RegisteredFirst {
    @WebhookListener(endpoint = "billing")
    void b(String body) {
      calls.add("first bean, b");
    }

    @WebhookListener(endpoint = "billing")
    void a(String body) {
      calls.add("first bean, a");
    }
  }

  static class RegisteredSecond {
    @WebhookListener(endpoint = "billing")
    void on(String body) {
      calls.add("second bean");
    }
  }

  @Order(5)
  static class OrderedBean {
    @WebhookListener(endpoint = "billing")
    void on(String body) {
      calls.add("@Order(5) bean");
    }
  }

  static class OrderedInterface implements Ordered {
    @WebhookListener(endpoint = "billing")
    void on(String body) {
      calls.add("Ordered(7) bean");
    }

    @Override
    public int getOrder() {
      return 7;
    }
  }

  static class OrderedMethod {
    @Order(1)
    @WebhookListener(endpoint = "billing")
    void on(String body) {
      calls.add("@Order(1) method");
    }
  }

  static class Failing {
    @Order(6)
    @WebhookListener(endpoint = "billing", events = "fail")
    void on(String body) {
      calls.add("failing");
      throw new IllegalStateException("failed");
    }
  }

  private static WebhookResponse receive(ApplicationContext context, String type) {
    byte[] body = ("{\"type\":\"" + type + "\"}").getBytes(StandardCharsets.UTF_8);
    HeaderLookup headers = HeaderLookup.of(WebhookSigner.builder()
        .key(HookmeshReceiverAutoConfigurationTest.SECRET).build().sign("msg_" + type, body));
    return context.getBean(WebhookDispatcher.class).receive(
        context.getBean(WebhookEndpoints.class).get("billing"), headers, body);
  }

  @Test
  void allRunByMethodOrderThenBeanOrderThenRegistrationThenName() {
    calls.clear();
    web.withBean(RegisteredFirst.class).withBean(RegisteredSecond.class)
        .withBean(OrderedInterface.class).withBean(OrderedBean.class)
        .withBean(OrderedMethod.class)
        .run(context -> {
          assertThat(receive(context, "invoice.paid").status()).isEqualTo(204);
          assertThat(calls).containsExactly("@Order(1) method", "@Order(5) bean",
              "Ordered(7) bean", "first bean, a", "first bean, b", "second bean");
        });
  }

  @Test
  void aFailingListenerStopsTheRestAndAnswers500() {
    calls.clear();
    web.withBean(OrderedBean.class).withBean(Failing.class).withBean(OrderedInterface.class)
        .run(context -> {
          assertThat(receive(context, "fail").status()).isEqualTo(500);
          assertThat(calls).containsExactly("@Order(5) bean", "failing");
        });
  }
}
