package dev.hookmesh.platform;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A {@link RegistryStore} in this process's heap, lost when it exits: for tests, development
 * and a single instance that can afford to lose its registry. Thread-safe; one lock.
 */
public final class InMemoryRegistryStore implements RegistryStore {

  private final Clock clock;
  private final TreeMap<String, Application> applications = new TreeMap<>();
  private final Map<String, EndpointRecord> endpoints = new LinkedHashMap<>();
  private final TreeMap<String, EventType> eventTypes = new TreeMap<>();
  private final Deque<Change> changes = new ArrayDeque<>();

  private record Change(Instant at, String applicationId) {}

  /** An empty store on the system clock. */
  public InMemoryRegistryStore() {
    this(Clock.systemUTC());
  }

  /**
   * An empty store that dates its change notes by a clock.
   *
   * @param clock the clock
   */
  public InMemoryRegistryStore(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public synchronized boolean insertApplication(Application application) {
    if (applications.putIfAbsent(application.id(), application) != null) {
      return false;
    }
    changed(application.id());
    return true;
  }

  @Override
  public synchronized boolean updateApplication(Application application) {
    if (applications.replace(application.id(), application) == null) {
      return false;
    }
    changed(application.id());
    return true;
  }

  @Override
  public synchronized boolean deleteApplication(String id) {
    if (applications.remove(id) == null) {
      return false;
    }
    endpoints.values().removeIf(record -> record.registration().applicationId().equals(id));
    changed(id);
    return true;
  }

  @Override
  public synchronized Optional<Application> application(String id) {
    return Optional.ofNullable(applications.get(id));
  }

  @Override
  public synchronized List<Application> applications(@Nullable String after, int limit) {
    Map<String, Application> page = after == null ? applications
        : applications.tailMap(after, false);
    return page.values().stream().limit(Math.max(0, limit)).toList();
  }

  @Override
  public synchronized boolean insertEndpoint(EndpointRecord endpoint) {
    String applicationId = endpoint.registration().applicationId();
    if (!applications.containsKey(applicationId) || endpoints.containsKey(endpoint.id())) {
      return false;
    }
    endpoints.put(endpoint.id(), endpoint);
    changed(applicationId);
    return true;
  }

  @Override
  public synchronized boolean updateEndpoint(EndpointRecord endpoint) {
    EndpointRecord existing = endpoints.get(endpoint.id());
    String applicationId = endpoint.registration().applicationId();
    if (existing == null || !existing.registration().applicationId().equals(applicationId)) {
      return false;
    }
    endpoints.put(endpoint.id(), endpoint);
    changed(applicationId);
    return true;
  }

  @Override
  public synchronized boolean deleteEndpoint(String applicationId, String endpointId) {
    EndpointRecord existing = endpoints.get(endpointId);
    if (existing == null || !existing.registration().applicationId().equals(applicationId)) {
      return false;
    }
    endpoints.remove(endpointId);
    changed(applicationId);
    return true;
  }

  @Override
  public synchronized Optional<EndpointRecord> endpoint(String endpointId) {
    return Optional.ofNullable(endpoints.get(endpointId));
  }

  @Override
  public synchronized List<EndpointRecord> endpoints(String applicationId) {
    List<EndpointRecord> found = new ArrayList<>();
    for (EndpointRecord record : endpoints.values()) {
      if (record.registration().applicationId().equals(applicationId)) {
        found.add(record);
      }
    }
    return found;
  }

  @Override
  public synchronized void saveEventType(EventType eventType) {
    eventTypes.put(eventType.name(), eventType);
  }

  @Override
  public synchronized boolean deleteEventType(String name) {
    return eventTypes.remove(name) != null;
  }

  @Override
  public synchronized Optional<EventType> eventType(String name) {
    return Optional.ofNullable(eventTypes.get(name));
  }

  @Override
  public synchronized List<EventType> eventTypes() {
    return List.copyOf(eventTypes.values());
  }

  @Override
  public synchronized List<String> changedSince(Instant since) {
    Set<String> ids = new LinkedHashSet<>();
    for (Change change : changes) {
      if (!change.at().isBefore(since)) {
        ids.add(change.applicationId());
      }
    }
    return List.copyOf(ids);
  }

  @Override
  public synchronized int purgeChanges(Instant before) {
    int purged = 0;
    while (!changes.isEmpty() && changes.peekFirst().at().isBefore(before)) {
      changes.pollFirst();
      purged++;
    }
    return purged;
  }

  private void changed(String applicationId) {
    changes.addLast(new Change(clock.instant(), applicationId));
  }

  @Override
  public synchronized String toString() {
    return "InMemoryRegistryStore[applications=" + applications.size() + ", endpoints="
        + endpoints.size() + ", eventTypes=" + eventTypes.size() + "]";
  }
}
