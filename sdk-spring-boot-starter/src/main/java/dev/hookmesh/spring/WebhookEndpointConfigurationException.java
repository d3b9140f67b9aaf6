package dev.hookmesh.spring;

/**
 * Thrown at start-up when a webhook endpoint's configuration cannot work, such as a missing or
 * unparsable secret. It names the property and shows a valid example; it never contains the
 * configured value. Spring Boot reports it through a failure analyzer.
 */
public final class WebhookEndpointConfigurationException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String property;
  private final String example;

  /**
   * Creates an exception.
   *
   * @param property the full property name, such as
   *     {@code hookmesh.receiver.endpoints.billing.secrets[0]}
   * @param problem what is wrong, without the configured value
   * @param example a valid setting to show instead
   */
  public WebhookEndpointConfigurationException(String property, String problem, String example) {
    super(property + ": " + problem);
    this.property = property;
    this.example = example;
  }

  /**
   * The property to fix.
   *
   * @return the full property name
   */
  public String property() {
    return property;
  }

  /**
   * A valid setting for the property.
   *
   * @return an example, in {@code application.yml} form
   */
  public String example() {
    return example;
  }
}
