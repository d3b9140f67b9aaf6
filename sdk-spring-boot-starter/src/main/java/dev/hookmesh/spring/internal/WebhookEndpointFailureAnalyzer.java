package dev.hookmesh.spring.internal;

import dev.hookmesh.spring.WebhookEndpointConfigurationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link WebhookEndpointConfigurationException} at start-up: which property to fix
 * and what a valid value looks like. The configured value is never shown.
 */
public final class WebhookEndpointFailureAnalyzer
    extends AbstractFailureAnalyzer<WebhookEndpointConfigurationException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure,
      WebhookEndpointConfigurationException cause) {
    return new FailureAnalysis(
        "The webhook endpoint property '" + cause.property() + "' is invalid: "
            + cause.getMessage().substring(cause.property().length() + 2),
        "Set it in application.yml (or an environment variable), for example:\n\n    "
            + cause.example() + "\n",
        cause);
  }
}
