package dev.hookmesh.jdbc.internal;

import dev.hookmesh.delivery.EndpointState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The statements of endpoints' remembered state (gone, disabled, failing since): look-ups every
 * database runs as written, and the upsert, which each {@link Dialect} writes its own way.
 */
public final class EndpointStateSql {

  private static final String COLUMNS = "endpoint_id, gone, disabled, failing_since";

  private final String endpoints;
  private final String upsert;

  /**
   * The statements for the table under a prefix.
   *
   * @param tablePrefix a prefix {@link TableNames#checkPrefix} accepted
   * @param upsert the dialect's upsert of id, gone, disabled, failing since and updated at,
   *     given the table's name
   */
  EndpointStateSql(String tablePrefix, UnaryOperator<String> upsert) {
    this.endpoints = tablePrefix + "endpoint";
    this.upsert = upsert.apply(endpoints);
  }

  /** An endpoint's remembered state, or empty. */
  public Optional<EndpointState> endpointState(Connection connection, String endpointId)
      throws SQLException {
    return Optional.ofNullable(endpointStates(connection, List.of(endpointId)).get(endpointId));
  }

  /** Several endpoints' remembered states, by id; those without one are left out. */
  public Map<String, EndpointState> endpointStates(Connection connection,
      List<String> endpointIds) throws SQLException {
    Map<String, EndpointState> states = new LinkedHashMap<>();
    try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM "
        + endpoints + " WHERE endpoint_id IN ("
        + String.join(", ", Collections.nCopies(endpointIds.size(), "?")) + ")")) {
      for (int i = 0; i < endpointIds.size(); i++) {
        select.setString(i + 1, endpointIds.get(i));
      }
      try (ResultSet result = select.executeQuery()) {
        while (result.next()) {
          states.put(result.getString(1), new EndpointState(result.getString(1),
              result.getBoolean(2), result.getBoolean(3), SqlValues.instant(result, 4)));
        }
      }
    }
    return states;
  }

  /** Inserts or replaces an endpoint's state. */
  public void saveEndpointState(Connection connection, EndpointState state, OffsetDateTime now)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(upsert)) {
      statement.setString(1, state.endpointId());
      statement.setBoolean(2, state.gone());
      statement.setBoolean(3, state.disabled());
      SqlValues.setTime(statement, 4, SqlValues.utcOrNull(state.failingSince()));
      statement.setObject(5, now);
      statement.executeUpdate();
    }
  }
}
