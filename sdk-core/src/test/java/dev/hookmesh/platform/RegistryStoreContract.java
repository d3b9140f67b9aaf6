package dev.hookmesh.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookmesh.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link RegistryStore} contract, which every store must keep: extend it with a factory for
 * the store under test, on {@link #clock}. Memory, H2 and PostgreSQL all run it.
 */
public abstract class RegistryStoreContract {

  protected static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

  protected final TestClock clock = new TestClock(T0);
  protected RegistryStore store;

  /** A new, empty store whose change notes are dated by {@link #clock}. */
  protected abstract RegistryStore newStore();

  @BeforeEach
  void createStore() {
    store = newStore();
  }

  protected static Application application(String id) {
    return new Application(id, "Customer " + id, null, Map.of("plan", "pro"), T0, T0);
  }

  protected static EndpointRecord endpoint(String id, String applicationId) {
    return new EndpointRecord(new EndpointRegistration(id, applicationId,
        "https://hooks.example.com/" + id + "?token=s3cr3t", "for " + id,
        List.of("invoice.*", "order.created"), Set.of("eu", "us"), Map.of("X-Team", "billing"),
        50, Map.of("tier", "gold"), true, false, KeyType.HMAC, null, T0, T0, null),
        "v1.k1.encrypted-" + id, null);
  }

  @Test
  void keepsApplicationsByIdAndRefusesATakenId() {
    assertThat(store.insertApplication(application("app_b"))).isTrue();
    assertThat(store.insertApplication(application("app_a"))).isTrue();
    assertThat(store.insertApplication(application("app_a"))).isFalse();

    assertThat(store.application("app_a")).contains(application("app_a"));
    assertThat(store.application("app_z")).isEmpty();
    assertThat(store.applications(null, 10)).extracting(Application::id)
        .containsExactly("app_a", "app_b");
    assertThat(store.applications("app_a", 10)).extracting(Application::id)
        .containsExactly("app_b");
    assertThat(store.applications(null, 1)).hasSize(1);
  }

  @Test
  void updatesAndDeletesOnlyWhatExists() {
    store.insertApplication(application("app_a"));
    Application renamed = new Application("app_a", "Acme", 10, Map.of(), T0,
        T0.plusSeconds(5));

    assertThat(store.updateApplication(renamed)).isTrue();
    assertThat(store.updateApplication(application("app_missing"))).isFalse();
    assertThat(store.application("app_a")).contains(renamed);
    assertThat(store.deleteApplication("app_missing")).isFalse();
    assertThat(store.deleteApplication("app_a")).isTrue();
    assertThat(store.application("app_a")).isEmpty();
  }

  @Test
  void keepsEndpointsPerApplicationWithEverySettingAndTheSecretAsGiven() {
    store.insertApplication(application("app_a"));
    store.insertApplication(application("app_b"));

    assertThat(store.insertEndpoint(endpoint("ep_2", "app_a"))).isTrue();
    assertThat(store.insertEndpoint(endpoint("ep_1", "app_a"))).isTrue();
    assertThat(store.insertEndpoint(endpoint("ep_3", "app_b"))).isTrue();
    assertThat(store.insertEndpoint(endpoint("ep_1", "app_b"))).as("id taken").isFalse();
    assertThat(store.insertEndpoint(endpoint("ep_9", "app_missing"))).isFalse();

    assertThat(store.endpoints("app_a")).extracting(EndpointRecord::id)
        .containsExactly("ep_2", "ep_1");
    EndpointRecord stored = store.endpoint("ep_1").orElseThrow();
    assertThat(stored.registration()).isEqualTo(endpoint("ep_1", "app_a").registration());
    assertThat(stored.secret()).isEqualTo("v1.k1.encrypted-ep_1");
    assertThat(stored.previousSecret()).isNull();
  }

  @Test
  void changesAndDeletesAnEndpointOnlyThroughItsApplication() {
    store.insertApplication(application("app_a"));
    store.insertApplication(application("app_b"));
    store.insertEndpoint(endpoint("ep_1", "app_a"));
    EndpointRegistration old = endpoint("ep_1", "app_a").registration();
    EndpointRecord rotated = new EndpointRecord(new EndpointRegistration(old.id(),
        old.applicationId(), "https://other.example.com/in", "", List.of(), Set.of(), Map.of(),
        null, Map.of(), false, true, KeyType.HMAC, T0.plus(Duration.ofHours(24)), T0,
        T0.plusSeconds(1), null), "v1.k2.new", "v1.k1.encrypted-ep_1");

    assertThat(store.updateEndpoint(new EndpointRecord(new EndpointRegistration(old.id(),
        "app_b", old.url(), old.description(), old.eventTypes(), old.channels(), old.headers(),
        old.rateLimit(), old.metadata(), old.enabled(), old.ordered(), old.keyType(), null,
        old.createdAt(), old.updatedAt(), null), "x", null))).as("not app_b's").isFalse();
    assertThat(store.updateEndpoint(rotated)).isTrue();
    assertThat(store.endpoint("ep_1").orElseThrow()).satisfies(record -> {
      assertThat(record.registration()).isEqualTo(rotated.registration());
      assertThat(record.secret()).isEqualTo("v1.k2.new");
      assertThat(record.previousSecret()).isEqualTo("v1.k1.encrypted-ep_1");
    });
    assertThat(store.deleteEndpoint("app_b", "ep_1")).isFalse();
    assertThat(store.deleteEndpoint("app_a", "ep_1")).isTrue();
    assertThat(store.endpoint("ep_1")).isEmpty();
  }

  @Test
  void deletingAnApplicationDeletesItsEndpoints() {
    store.insertApplication(application("app_a"));
    store.insertEndpoint(endpoint("ep_1", "app_a"));

    store.deleteApplication("app_a");

    assertThat(store.endpoint("ep_1")).isEmpty();
    assertThat(store.endpoints("app_a")).isEmpty();
  }

  @Test
  void keepsTheCatalogByName() {
    EventType paid = new EventType("invoice.paid", "Paid", "{\"type\":\"object\"}",
        "{\"id\":1}", false, false, T0, T0);
    EventType created = new EventType("invoice.created", "", null, null, true, false, T0, T0);

    store.saveEventType(paid);
    store.saveEventType(created);
    EventType archived = new EventType("invoice.paid", "Paid, archived", null, null, false,
        true, T0, T0.plusSeconds(9));
    store.saveEventType(archived);

    assertThat(store.eventTypes()).containsExactly(created, archived);
    assertThat(store.eventType("invoice.paid")).contains(archived);
    assertThat(store.deleteEventType("invoice.created")).isTrue();
    assertThat(store.deleteEventType("invoice.created")).isFalse();
    assertThat(store.eventType("invoice.created")).isEmpty();
  }

  @Test
  void notesEveryChangeToAnApplicationOrItsEndpoints() {
    store.insertApplication(application("app_a"));
    clock.advance(Duration.ofSeconds(10));
    store.insertApplication(application("app_b"));
    store.insertEndpoint(endpoint("ep_1", "app_a"));
    clock.advance(Duration.ofSeconds(10));
    store.deleteEndpoint("app_a", "ep_1");
    store.insertApplication(application("app_b")); // refused: no change

    assertThat(store.changedSince(T0)).containsExactlyInAnyOrder("app_a", "app_b");
    assertThat(store.changedSince(T0.plusSeconds(10))).containsExactlyInAnyOrder("app_a", "app_b");
    assertThat(store.changedSince(T0.plusSeconds(20))).containsExactly("app_a");
    assertThat(store.changedSince(T0.plusSeconds(21))).isEmpty();
    assertThat(store.purgeChanges(T0.plusSeconds(20))).isEqualTo(3);
    assertThat(store.changedSince(T0)).containsExactly("app_a");
  }
}
