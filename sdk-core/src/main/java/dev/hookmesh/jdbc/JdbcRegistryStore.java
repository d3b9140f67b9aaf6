package dev.hookmesh.jdbc;

import dev.hookmesh.jdbc.internal.Dialect;
import dev.hookmesh.jdbc.internal.RegistrySql;
import dev.hookmesh.jdbc.internal.UnitOfWork;
import dev.hookmesh.platform.Application;
import dev.hookmesh.platform.EndpointRecord;
import dev.hookmesh.platform.EventType;
import dev.hookmesh.platform.RegistryStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * A {@link RegistryStore} in PostgreSQL (or H2 for development), over plain JDBC: applications,
 * their endpoints with encrypted secrets, the event type catalog, and a note per change, in the
 * tables {@link JdbcSchema} creates. Every change and its note are written in one transaction,
 * the caller's when {@link JdbcConnections} says there is one, so a registration made inside a
 * business transaction commits or rolls back with it.
 *
 * <pre>{@code
 * JdbcSchema.create(dataSource);   // or apply the shipped scripts with Flyway or Liquibase
 * RegistryStore store = JdbcRegistryStore.builder(dataSource).build();
 * }</pre>
 */
public final class JdbcRegistryStore implements RegistryStore {

  private final UnitOfWork work;
  private final RegistrySql sql;
  private final Clock clock;

  private JdbcRegistryStore(Builder builder) {
    UnitOfWork plain = new UnitOfWork(builder.connections);
    Dialect dialect = Dialect.of(builder.database, plain);
    this.work = dialect.work(plain);
    this.sql = dialect.registrySql(builder.tablePrefix);
    this.clock = builder.clock;
  }

  /**
   * Starts a store on a data source whose tables {@link JdbcSchema} created.
   *
   * @param dataSource a PostgreSQL or H2 database, ideally pooled
   * @return a new builder
   */
  public static Builder builder(DataSource dataSource) {
    return new Builder(JdbcConnections.of(dataSource));
  }

  /**
   * Starts a store on connections from elsewhere, such as a transaction manager's.
   *
   * @param connections where connections come from
   * @return a new builder
   */
  public static Builder builder(JdbcConnections connections) {
    return new Builder(connections);
  }

  @Override
  public boolean insertApplication(Application application) {
    return change("add an application", application.id(),
        connection -> sql.insertApplication(connection, application));
  }

  @Override
  public boolean updateApplication(Application application) {
    return change("change an application", application.id(),
        connection -> sql.updateApplication(connection, application));
  }

  @Override
  public boolean deleteApplication(String id) {
    return change("delete an application", id, connection -> sql.deleteApplication(connection, id));
  }

  @Override
  public Optional<Application> application(String id) {
    return work.runStatement("read an application", connection -> sql.application(connection, id));
  }

  @Override
  public List<Application> applications(@Nullable String after, int limit) {
    return work.runStatement("list applications",
        connection -> sql.applications(connection, after, limit));
  }

  @Override
  public boolean insertEndpoint(EndpointRecord endpoint) {
    return change("add an endpoint", endpoint.registration().applicationId(),
        connection -> sql.insertEndpoint(connection, endpoint));
  }

  @Override
  public boolean updateEndpoint(EndpointRecord endpoint) {
    return change("change an endpoint", endpoint.registration().applicationId(),
        connection -> sql.updateEndpoint(connection, endpoint));
  }

  @Override
  public boolean deleteEndpoint(String applicationId, String endpointId) {
    return change("delete an endpoint", applicationId,
        connection -> sql.deleteEndpoint(connection, applicationId, endpointId));
  }

  @Override
  public Optional<EndpointRecord> endpoint(String endpointId) {
    return work.runStatement("read an endpoint",
        connection -> sql.endpoint(connection, endpointId));
  }

  @Override
  public List<EndpointRecord> endpoints(String applicationId) {
    return work.runStatement("list an application's endpoints",
        connection -> sql.endpoints(connection, applicationId));
  }

  @Override
  public void saveEventType(EventType eventType) {
    work.run("save an event type", connection -> {
      sql.saveEventType(connection, eventType);
      return null;
    });
  }

  @Override
  public boolean deleteEventType(String name) {
    return work.runStatement("delete an event type",
        connection -> sql.deleteEventType(connection, name));
  }

  @Override
  public Optional<EventType> eventType(String name) {
    return work.runStatement("read an event type",
        connection -> sql.eventTypes(connection, name).stream().findFirst());
  }

  @Override
  public List<EventType> eventTypes() {
    return work.runStatement("read the catalog", connection -> sql.eventTypes(connection, null));
  }

  @Override
  public List<String> changedSince(Instant since) {
    return work.runStatement("read registry changes",
        connection -> sql.changedSince(connection, since));
  }

  @Override
  public int purgeChanges(Instant before) {
    return work.runStatement("purge registry changes",
        connection -> sql.purgeChanges(connection, before));
  }

  /** Runs the action now and, inside the caller's transaction, again when it ends. */
  @Override
  public void whenSettled(Runnable action) {
    action.run();
    work.afterCallersTransaction(action);
  }

  /** A write and, if it applied, its change note, in one transaction. */
  private boolean change(String what, String applicationId, UnitOfWork.Work<Boolean> write) {
    return work.run(what, connection -> {
      boolean applied = write.run(connection);
      if (applied) {
        sql.noteChange(connection, applicationId, clock.instant());
      }
      return applied;
    });
  }

  @Override
  public String toString() {
    return "JdbcRegistryStore[tables=" + sql.tables() + "]";
  }

  /** Configures a {@link JdbcRegistryStore}. */
  public static final class Builder extends JdbcSettings<Builder> {

    private Builder(JdbcConnections connections) {
      super(connections);
    }

    /**
     * Builds the store.
     *
     * @return the store
     */
    public JdbcRegistryStore build() {
      return new JdbcRegistryStore(this);
    }
  }
}
