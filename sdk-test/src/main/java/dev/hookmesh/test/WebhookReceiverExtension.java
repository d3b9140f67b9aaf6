package dev.hookmesh.test;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5: a {@link WebhookTestReceiver} for each test that asks for one as a parameter,
 * closed when the test ends.
 *
 * <pre>{@code
 * @ExtendWith(WebhookReceiverExtension.class)
 * class InvoiceWebhooksTest {
 *   @Test
 *   void aPaidInvoiceReachesTheCustomerOnceSigned(WebhookTestReceiver receiver) {
 *     TestEndpoint customer = receiver.endpoint("ep_customer").statuses(500, 500);
 *     ...
 *   }
 * }
 * }</pre>
 */
public final class WebhookReceiverExtension implements ParameterResolver, AfterEachCallback {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(WebhookReceiverExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == WebhookTestReceiver.class;
  }

  @Override
  @SuppressWarnings("deprecation") // computeIfAbsent is JUnit 5.13+; this runs on every 5 and 6
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getStore(NAMESPACE).getOrComputeIfAbsent(WebhookTestReceiver.class,
        type -> WebhookTestReceiver.start(), WebhookTestReceiver.class);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    WebhookTestReceiver receiver =
        context.getStore(NAMESPACE).remove(WebhookTestReceiver.class, WebhookTestReceiver.class);
    if (receiver != null) {
      receiver.close();
    }
  }
}
