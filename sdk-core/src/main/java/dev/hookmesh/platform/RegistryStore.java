package dev.hookmesh.platform;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where a {@link WebhookRegistry} keeps applications, endpoints and the event type catalog:
 * {@link InMemoryRegistryStore} for tests and development, and
 * {@link dev.hookmesh.jdbc.JdbcRegistryStore} in the application's database. Every change to an
 * application or its endpoints is noted, so that registries in other instances see it
 * ({@link #changedSince}).
 *
 * <p>Implementations must be thread-safe. Writes report whether they applied, so the registry
 * can tell "not found" and "exists already" from success without a read first.
 */
public interface RegistryStore {

  /**
   * Adds an application.
   *
   * @param application the application
   * @return {@code false} if one with its id exists
   */
  boolean insertApplication(Application application);

  /**
   * Replaces an application.
   *
   * @param application the application, by its id
   * @return {@code false} if there is none with its id
   */
  boolean updateApplication(Application application);

  /**
   * Deletes an application and its endpoints.
   *
   * @param id the application's id
   * @return {@code false} if there was none
   */
  boolean deleteApplication(String id);

  /**
   * Finds an application.
   *
   * @param id its id
   * @return the application, or empty
   */
  Optional<Application> application(String id);

  /**
   * Applications in id order, a page at a time.
   *
   * @param after only those with a greater id, or {@code null} from the first
   * @param limit the most to return
   * @return the page
   */
  List<Application> applications(@Nullable String after, int limit);

  /**
   * Adds an endpoint.
   *
   * @param endpoint the endpoint
   * @return {@code false} if one with its id exists, or its application does not
   */
  boolean insertEndpoint(EndpointRecord endpoint);

  /**
   * Replaces an endpoint of an application.
   *
   * @param endpoint the endpoint, by its id and application
   * @return {@code false} if that application has no endpoint with its id
   */
  boolean updateEndpoint(EndpointRecord endpoint);

  /**
   * Deletes an endpoint of an application.
   *
   * @param applicationId the application
   * @param endpointId the endpoint
   * @return {@code false} if that application has no such endpoint
   */
  boolean deleteEndpoint(String applicationId, String endpointId);

  /**
   * Finds an endpoint by its id alone, as deliveries refer to it.
   *
   * @param endpointId the id
   * @return the endpoint, or empty
   */
  Optional<EndpointRecord> endpoint(String endpointId);

  /**
   * An application's endpoints, in the order they were registered.
   *
   * @param applicationId the application
   * @return the endpoints
   */
  List<EndpointRecord> endpoints(String applicationId);

  /**
   * Adds or replaces an event type, by its name.
   *
   * @param eventType the event type
   */
  void saveEventType(EventType eventType);

  /**
   * Deletes an event type.
   *
   * @param name its name
   * @return {@code false} if there was none
   */
  boolean deleteEventType(String name);

  /**
   * Finds an event type.
   *
   * @param name its name
   * @return the event type, or empty
   */
  Optional<EventType> eventType(String name);

  /**
   * The catalog, by name.
   *
   * @return every event type
   */
  List<EventType> eventTypes();

  /**
   * The applications that changed, or whose endpoints did, at or after a time, by any
   * instance: the registry forgets what it cached of them.
   *
   * @param since the earliest change to report
   * @return the applications' ids, without repeats
   */
  List<String> changedSince(Instant since);

  /**
   * Forgets change notes older than a time.
   *
   * @param before the cut-off
   * @return how many were deleted
   */
  int purgeChanges(Instant before);

  /**
   * Runs {@code action} once what was just written is final: at once, or when the caller's
   * transaction the write joined commits or rolls back. The registry forgets what it cached
   * there, so that nothing it read inside a transaction that rolled back stays cached.
   *
   * @param action what to run; it must not use the store
   */
  default void whenSettled(Runnable action) {
    action.run();
  }
}
