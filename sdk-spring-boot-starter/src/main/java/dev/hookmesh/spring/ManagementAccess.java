package dev.hookmesh.spring;

import java.security.Principal;

/**
 * Which applications an authenticated principal of the management API may act on: the one
 * decision the API leaves to the application, whose Spring Security authenticates the caller.
 * The default bean allows nothing, so the API answers 404 to everyone until the application
 * says who may see what.
 *
 * <pre>{@code
 * @Bean
 * ManagementAccess managementAccess(CustomerDirectory customers) {
 *   return (principal, applicationId) -> customers.isOperatorOf(principal.getName(), applicationId);
 * }
 * }</pre>
 */
@FunctionalInterface
public interface ManagementAccess {

  /**
   * Whether the principal may read and change an application and everything it owns:
   * endpoints, secrets, messages and attempts.
   *
   * @param principal the authenticated caller
   * @param applicationId the application
   * @return {@code true} to allow
   */
  boolean allows(Principal principal, String applicationId);

  /**
   * Whether the principal may change what belongs to no application: the event-type catalog,
   * and creating applications under generated ids. Nobody may by default.
   *
   * @param principal the authenticated caller
   * @return {@code true} to allow
   */
  default boolean administers(Principal principal) {
    return false;
  }

  /**
   * Allows nothing: the default until the application declares its own.
   *
   * @return the access that denies everything
   */
  static ManagementAccess denyAll() {
    return (principal, applicationId) -> false;
  }
}
