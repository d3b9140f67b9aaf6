package dev.hookmesh.jdbc.internal;

import dev.hookmesh.platform.Application;
import dev.hookmesh.platform.EndpointRecord;
import dev.hookmesh.platform.EndpointRegistration;
import dev.hookmesh.platform.EventType;
import dev.hookmesh.platform.KeyType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The platform registry's statements, the same on PostgreSQL and H2: applications, their
 * endpoints, the event type catalog, and a note per change for other instances' caches. Lists
 * and maps are stored as JSON text. Inserts add a row only where none has its key, so they
 * report a taken key without an error that would spoil the caller's transaction.
 */
public final class RegistrySql {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final TypeReference<List<String>> LIST = new TypeReference<>() {};
  private static final TypeReference<Map<String, String>> MAP = new TypeReference<>() {};
  private static final String APPLICATION_COLUMNS =
      "id, name, rate_limit, metadata, created_at, updated_at";
  private static final String ENDPOINT_COLUMNS = "id, application_id, url, description,"
      + " event_types, channels, headers, rate_limit, metadata, enabled, ordered, key_type,"
      + " secret, previous_secret, previous_expires_at, created_at, updated_at";
  private static final String EVENT_TYPE_COLUMNS = "name, description, schema_json, example,"
      + " deprecated, archived, created_at, updated_at";

  private final String applications;
  private final String endpoints;
  private final String eventTypes;
  private final String changes;

  /**
   * The statements for tables under a prefix.
   *
   * @param tablePrefix a prefix {@link TableNames#checkPrefix} accepted
   */
  public RegistrySql(String tablePrefix) {
    this.applications = tablePrefix + "application";
    this.endpoints = tablePrefix + "app_endpoint";
    this.eventTypes = tablePrefix + "event_type";
    this.changes = tablePrefix + "registry_change";
  }

  /** The tables, for messages and {@code toString()}. */
  public String tables() {
    return applications + ", " + endpoints + ", " + eventTypes + ", " + changes;
  }

  // Applications

  /** Adds an application unless its id is taken. */
  public boolean insertApplication(Connection connection, Application application)
      throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + applications
        + " (" + APPLICATION_COLUMNS + ") SELECT ?, ?, ?, ?, ?, ? WHERE NOT EXISTS"
        + " (SELECT 1 FROM " + applications + " WHERE id = ?)")) {
      bindApplication(insert, application);
      insert.setString(7, application.id());
      return insert.executeUpdate() == 1;
    }
  }

  /** Replaces an application's row. */
  public boolean updateApplication(Connection connection, Application application)
      throws SQLException {
    try (PreparedStatement update = connection.prepareStatement("UPDATE " + applications
        + " SET name = ?, rate_limit = ?, metadata = ?, updated_at = ? WHERE id = ?")) {
      update.setString(1, application.name());
      setInteger(update, 2, application.rateLimit());
      update.setString(3, JSON.writeValueAsString(application.metadata()));
      update.setObject(4, SqlValues.utc(application.updatedAt()));
      update.setString(5, application.id());
      return update.executeUpdate() == 1;
    }
  }

  /** Deletes an application's endpoints, then the application. */
  public boolean deleteApplication(Connection connection, String id) throws SQLException {
    try (PreparedStatement delete = connection.prepareStatement(
        "DELETE FROM " + endpoints + " WHERE application_id = ?")) {
      delete.setString(1, id);
      delete.executeUpdate();
    }
    try (PreparedStatement delete = connection.prepareStatement(
        "DELETE FROM " + applications + " WHERE id = ?")) {
      delete.setString(1, id);
      return delete.executeUpdate() == 1;
    }
  }

  /** An application by id. */
  public Optional<Application> application(Connection connection, String id)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT " + APPLICATION_COLUMNS + " FROM " + applications + " WHERE id = ?")) {
      select.setString(1, id);
      try (ResultSet result = select.executeQuery()) {
        return result.next() ? Optional.of(application(result)) : Optional.empty();
      }
    }
  }

  /** A page of applications by id. */
  public List<Application> applications(Connection connection, @Nullable String after,
      int limit) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement("SELECT " + APPLICATION_COLUMNS
        + " FROM " + applications + (after == null ? "" : " WHERE id > ?")
        + " ORDER BY id LIMIT ?")) {
      int index = 1;
      if (after != null) {
        select.setString(index++, after);
      }
      select.setInt(index, limit);
      List<Application> page = new ArrayList<>();
      try (ResultSet result = select.executeQuery()) {
        while (result.next()) {
          page.add(application(result));
        }
      }
      return page;
    }
  }

  private static void bindApplication(PreparedStatement statement, Application application)
      throws SQLException {
    statement.setString(1, application.id());
    statement.setString(2, application.name());
    setInteger(statement, 3, application.rateLimit());
    statement.setString(4, JSON.writeValueAsString(application.metadata()));
    statement.setObject(5, SqlValues.utc(application.createdAt()));
    statement.setObject(6, SqlValues.utc(application.updatedAt()));
  }

  private static Application application(ResultSet result) throws SQLException {
    return new Application(result.getString(1), result.getString(2), integer(result, 3),
        JSON.readValue(result.getString(4), MAP), instant(result, 5), instant(result, 6));
  }

  // Endpoints

  /** Adds an endpoint unless its id is taken or its application is missing. */
  public boolean insertEndpoint(Connection connection, EndpointRecord endpoint)
      throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + endpoints
        + " (" + ENDPOINT_COLUMNS + ") SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
        + " WHERE EXISTS (SELECT 1 FROM " + applications + " WHERE id = ?)"
        + " AND NOT EXISTS (SELECT 1 FROM " + endpoints + " WHERE id = ?)")) {
      bindEndpoint(insert, endpoint);
      insert.setString(18, endpoint.registration().applicationId());
      insert.setString(19, endpoint.id());
      return insert.executeUpdate() == 1;
    }
  }

  /** Replaces an endpoint's row, if it belongs to the application it names. */
  public boolean updateEndpoint(Connection connection, EndpointRecord endpoint)
      throws SQLException {
    try (PreparedStatement update = connection.prepareStatement("UPDATE " + endpoints
        + " SET url = ?, description = ?, event_types = ?, channels = ?, headers = ?,"
        + " rate_limit = ?, metadata = ?, enabled = ?, ordered = ?, key_type = ?, secret = ?,"
        + " previous_secret = ?, previous_expires_at = ?, updated_at = ?"
        + " WHERE id = ? AND application_id = ?")) {
      EndpointRegistration registration = endpoint.registration();
      update.setString(1, registration.url());
      update.setString(2, registration.description());
      update.setString(3, JSON.writeValueAsString(registration.eventTypes()));
      update.setString(4, JSON.writeValueAsString(sorted(registration.channels())));
      update.setString(5, JSON.writeValueAsString(registration.headers()));
      setInteger(update, 6, registration.rateLimit());
      update.setString(7, JSON.writeValueAsString(registration.metadata()));
      update.setBoolean(8, registration.enabled());
      update.setBoolean(9, registration.ordered());
      update.setString(10, registration.keyType().name());
      update.setString(11, endpoint.secret());
      SqlValues.setText(update, 12, endpoint.previousSecret());
      SqlValues.setTime(update, 13, SqlValues.utcOrNull(registration.previousSecretExpiresAt()));
      update.setObject(14, SqlValues.utc(registration.updatedAt()));
      update.setString(15, registration.id());
      update.setString(16, registration.applicationId());
      return update.executeUpdate() == 1;
    }
  }

  /** Deletes an application's endpoint. */
  public boolean deleteEndpoint(Connection connection, String applicationId, String endpointId)
      throws SQLException {
    try (PreparedStatement delete = connection.prepareStatement(
        "DELETE FROM " + endpoints + " WHERE id = ? AND application_id = ?")) {
      delete.setString(1, endpointId);
      delete.setString(2, applicationId);
      return delete.executeUpdate() == 1;
    }
  }

  /** An endpoint by id. */
  public Optional<EndpointRecord> endpoint(Connection connection, String endpointId)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT " + ENDPOINT_COLUMNS + " FROM " + endpoints + " WHERE id = ?")) {
      select.setString(1, endpointId);
      try (ResultSet result = select.executeQuery()) {
        return result.next() ? Optional.of(endpoint(result)) : Optional.empty();
      }
    }
  }

  /** An application's endpoints, in the order they were registered. */
  public List<EndpointRecord> endpoints(Connection connection, String applicationId)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement("SELECT " + ENDPOINT_COLUMNS
        + " FROM " + endpoints + " WHERE application_id = ? ORDER BY seq")) {
      select.setString(1, applicationId);
      List<EndpointRecord> found = new ArrayList<>();
      try (ResultSet result = select.executeQuery()) {
        while (result.next()) {
          found.add(endpoint(result));
        }
      }
      return found;
    }
  }

  private static void bindEndpoint(PreparedStatement statement, EndpointRecord endpoint)
      throws SQLException {
    EndpointRegistration registration = endpoint.registration();
    statement.setString(1, registration.id());
    statement.setString(2, registration.applicationId());
    statement.setString(3, registration.url());
    statement.setString(4, registration.description());
    statement.setString(5, JSON.writeValueAsString(registration.eventTypes()));
    statement.setString(6, JSON.writeValueAsString(sorted(registration.channels())));
    statement.setString(7, JSON.writeValueAsString(registration.headers()));
    setInteger(statement, 8, registration.rateLimit());
    statement.setString(9, JSON.writeValueAsString(registration.metadata()));
    statement.setBoolean(10, registration.enabled());
    statement.setBoolean(11, registration.ordered());
    statement.setString(12, registration.keyType().name());
    statement.setString(13, endpoint.secret());
    SqlValues.setText(statement, 14, endpoint.previousSecret());
    SqlValues.setTime(statement, 15, SqlValues.utcOrNull(registration.previousSecretExpiresAt()));
    statement.setObject(16, SqlValues.utc(registration.createdAt()));
    statement.setObject(17, SqlValues.utc(registration.updatedAt()));
  }

  private static EndpointRecord endpoint(ResultSet result) throws SQLException {
    EndpointRegistration registration = new EndpointRegistration(result.getString(1),
        result.getString(2), result.getString(3), result.getString(4),
        JSON.readValue(result.getString(5), LIST),
        new LinkedHashSet<>(JSON.readValue(result.getString(6), LIST)),
        JSON.readValue(result.getString(7), MAP), integer(result, 8),
        JSON.readValue(result.getString(9), MAP), result.getBoolean(10), result.getBoolean(11),
        KeyType.valueOf(result.getString(12)), SqlValues.instant(result, 15),
        instant(result, 16), instant(result, 17), null);
    return new EndpointRecord(registration, result.getString(13), result.getString(14));
  }

  // The catalog

  /** Adds or replaces an event type. */
  public void saveEventType(Connection connection, EventType type) throws SQLException {
    try (PreparedStatement update = connection.prepareStatement("UPDATE " + eventTypes
        + " SET description = ?, schema_json = ?, example = ?, deprecated = ?, archived = ?,"
        + " updated_at = ? WHERE name = ?")) {
      update.setString(1, type.description());
      SqlValues.setText(update, 2, type.schema());
      SqlValues.setText(update, 3, type.example());
      update.setBoolean(4, type.deprecated());
      update.setBoolean(5, type.archived());
      update.setObject(6, SqlValues.utc(type.updatedAt()));
      update.setString(7, type.name());
      if (update.executeUpdate() == 1) {
        return;
      }
    }
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + eventTypes
        + " (" + EVENT_TYPE_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, type.name());
      insert.setString(2, type.description());
      SqlValues.setText(insert, 3, type.schema());
      SqlValues.setText(insert, 4, type.example());
      insert.setBoolean(5, type.deprecated());
      insert.setBoolean(6, type.archived());
      insert.setObject(7, SqlValues.utc(type.createdAt()));
      insert.setObject(8, SqlValues.utc(type.updatedAt()));
      insert.executeUpdate();
    }
  }

  /** Deletes an event type. */
  public boolean deleteEventType(Connection connection, String name) throws SQLException {
    try (PreparedStatement delete = connection.prepareStatement(
        "DELETE FROM " + eventTypes + " WHERE name = ?")) {
      delete.setString(1, name);
      return delete.executeUpdate() == 1;
    }
  }

  /** Event types by name: one, or every one. */
  public List<EventType> eventTypes(Connection connection, @Nullable String name)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement("SELECT " + EVENT_TYPE_COLUMNS
        + " FROM " + eventTypes + (name == null ? "" : " WHERE name = ?") + " ORDER BY name")) {
      if (name != null) {
        select.setString(1, name);
      }
      List<EventType> found = new ArrayList<>();
      try (ResultSet result = select.executeQuery()) {
        while (result.next()) {
          found.add(new EventType(result.getString(1), result.getString(2), result.getString(3),
              result.getString(4), result.getBoolean(5), result.getBoolean(6),
              instant(result, 7), instant(result, 8)));
        }
      }
      return found;
    }
  }

  // Change notes

  /** Notes that an application, or one of its endpoints, changed. */
  public void noteChange(Connection connection, String applicationId, Instant at)
      throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO " + changes + " (application_id, changed_at) VALUES (?, ?)")) {
      insert.setString(1, applicationId);
      insert.setObject(2, SqlValues.utc(at));
      insert.executeUpdate();
    }
  }

  /** The applications changed at or after a time. */
  public List<String> changedSince(Connection connection, Instant since) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement("SELECT DISTINCT application_id"
        + " FROM " + changes + " WHERE changed_at >= ?")) {
      select.setObject(1, SqlValues.utc(since));
      List<String> ids = new ArrayList<>();
      try (ResultSet result = select.executeQuery()) {
        while (result.next()) {
          ids.add(result.getString(1));
        }
      }
      return ids;
    }
  }

  /** Deletes change notes older than a time. */
  public int purgeChanges(Connection connection, Instant before) throws SQLException {
    try (PreparedStatement delete = connection.prepareStatement(
        "DELETE FROM " + changes + " WHERE changed_at < ?")) {
      delete.setObject(1, SqlValues.utc(before));
      return delete.executeUpdate();
    }
  }

  private static List<String> sorted(Set<String> values) {
    return values.stream().sorted().toList();
  }

  private static void setInteger(PreparedStatement statement, int index, @Nullable Integer value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.INTEGER);
    } else {
      statement.setInt(index, value);
    }
  }

  private static @Nullable Integer integer(ResultSet result, int column) throws SQLException {
    int value = result.getInt(column);
    return result.wasNull() ? null : value;
  }

  private static Instant instant(ResultSet result, int column) throws SQLException {
    return Objects.requireNonNull(SqlValues.instant(result, column));
  }
}
