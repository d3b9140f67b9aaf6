package dev.hookmesh.spring.internal;

import dev.hookmesh.jdbc.JdbcConnections;
import java.sql.Connection;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * Connections that join the caller's Spring-managed transaction when there is one: a webhook
 * sent inside {@code @Transactional} is stored in that transaction, so it is sent only if the
 * transaction commits, and nothing is lost if it does (a transactional outbox).
 */
public final class SpringJdbcConnections implements JdbcConnections {

  private final DataSource dataSource;

  /**
   * Creates connections from a data source.
   *
   * @param dataSource the application's data source
   */
  public SpringJdbcConnections(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public Connection acquire() {
    return DataSourceUtils.getConnection(dataSource);
  }

  @Override
  public boolean inExternalTransaction(Connection connection) {
    return DataSourceUtils.isConnectionTransactional(connection, dataSource);
  }

  @Override
  public void release(Connection connection) {
    DataSourceUtils.releaseConnection(connection, dataSource);
  }

  @Override
  public String toString() {
    return "SpringJdbcConnections[transaction-aware]";
  }
}
