package dev.hookmesh.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

/** A listener that cannot work fails start-up with a message that says why. */
class WebhookListenerValidationTest {

  private final WebApplicationContextRunner web = new WebApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(
          JacksonAutoConfiguration.class, HookmeshReceiverAutoConfiguration.class))
      .withPropertyValues(HookmeshReceiverAutoConfigurationTest.BILLING + "secrets[0]="
          + HookmeshReceiverAutoConfigurationTest.SECRET);

  record Invoice(String id) {}

  static class UnknownEndpoint {
    @WebhookListener(endpoint = "biling")
    void on(Invoice invoice) {}
  }

  static class PrimitiveParameter {
    @WebhookListener(endpoint = "billing")
    void on(int amount) {}
  }

  static class TwoPayloads {
    @WebhookListener(endpoint = "billing")
    void on(Invoice invoice, Invoice again) {}
  }

  static class HeaderOfWrongType {
    @WebhookListener(endpoint = "billing")
    void on(@WebhookHeader("webhook-id") Long id) {}
  }

  static class EventTypeOfWrongType {
    @WebhookListener(endpoint = "billing")
    void on(@WebhookEventType byte[] type) {}
  }

  static class OrderingKeyNotAPointer {
    @WebhookListener(endpoint = "billing", orderingKey = "data.id")
    void on(Invoice invoice) {}
  }

  static class OrderingKeysThatDisagree {
    @WebhookListener(endpoint = "billing", orderingKey = "/data/id")
    void first(Invoice invoice) {}

    @WebhookListener(endpoint = "billing", orderingKey = "/data/customer")
    void second(Invoice invoice) {}
  }

  static class Valid {
    @WebhookListener(endpoint = "billing", events = {"invoice.*", "customer.created"})
    void on(Invoice invoice, byte[] raw, @WebhookHeader("webhook-id") String id) {}
  }

  @Test
  void anOrderingKeyMustBeAPointerOnAnInboxEndpointAndAgreeWithTheOthers() {
    web.withBean(OrderingKeyNotAPointer.class).run(context ->
        assertThat(mostSpecific(context.getStartupFailure()))
            .hasMessageContaining("orderingKey 'data.id' is not a JSON pointer"));
    web.withBean(OrderingKeysThatDisagree.class).run(context ->
        assertThat(mostSpecific(context.getStartupFailure()))
            .hasMessageContaining("processes inline")
            .hasMessageContaining("hookmesh.receiver.endpoints.billing.processing=inbox"));
    web.withBean(OrderingKeysThatDisagree.class)
        .withPropertyValues(HookmeshReceiverAutoConfigurationTest.BILLING + "processing=inbox")
        .withConfiguration(AutoConfigurations.of(HookmeshInboxAutoConfiguration.class))
        .run(context -> assertThat(mostSpecific(context.getStartupFailure()))
            .hasMessageContaining("'/data/customer'").hasMessageContaining("'/data/id'")
            .hasMessageContaining("events of one endpoint have one order"));
  }

  @Test
  void unknownEndpointFailsStartUpListingTheConfiguredOnes() {
    web.withBean(UnknownEndpoint.class).run(context -> assertThat(mostSpecific(context.getStartupFailure()))
        .hasMessageContaining("UnknownEndpoint.on()")
        .hasMessageContaining("'biling'")
        .hasMessageContaining("[billing]"));
  }

  @Test
  void primitiveParameterFailsStartUp() {
    web.withBean(PrimitiveParameter.class).run(context -> assertThat(mostSpecific(context.getStartupFailure()))
        .hasMessageContaining("parameter 'amount'")
        .hasMessageContaining("cannot hold a webhook payload"));
  }

  @Test
  void secondPayloadParameterFailsStartUp() {
    web.withBean(TwoPayloads.class).run(context -> assertThat(mostSpecific(context.getStartupFailure()))
        .hasMessageContaining("only one parameter can take the payload"));
  }

  @Test
  void headerOfUnsupportedTypeFailsStartUp() {
    web.withBean(HeaderOfWrongType.class).run(context -> assertThat(mostSpecific(context.getStartupFailure()))
        .hasMessageContaining("@WebhookHeader binds String or List<String>"));
  }

  @Test
  void eventTypeOfUnsupportedTypeFailsStartUp() {
    web.withBean(EventTypeOfWrongType.class).run(context -> assertThat(
            mostSpecific(context.getStartupFailure()))
        .hasMessageContaining("@WebhookEventType binds a String"));
  }

  @Test
  void listenerOnAPrototypeBeanIsRefused() {
    web.withBean(Valid.class, Valid::new, bean -> bean.setScope("prototype")).run(context -> assertThat(
            mostSpecific(catchThrowable(() -> context.getBean(Valid.class))))
        .hasMessageContaining("must be on singleton beans"));
  }

  private static Throwable mostSpecific(Throwable failure) {
    return org.springframework.core.NestedExceptionUtils.getMostSpecificCause(failure);
  }

  @Test
  void validListenerStarts() {
    web.withBean(Valid.class).run(context -> assertThat(context).hasNotFailed());
  }
}
