package dev.hookmesh.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookmesh.jdbc.JdbcConnections;
import dev.hookmesh.jdbc.TestDatabases;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Looking for the caller's transaction costs a connection only where there can be one. */
class UnitOfWorkTest {

  private final DataSource h2 = TestDatabases.h2();
  private final AtomicInteger acquired = new AtomicInteger();
  private final AtomicInteger released = new AtomicInteger();

  private Connection acquire() throws SQLException {
    acquired.incrementAndGet();
    return h2.getConnection();
  }

  @Test
  void plainConnectionsAreNeverInTheCallersTransactionSoNoneIsTakenToAsk() {
    // As JdbcConnections.of(dataSource) is: only acquire, so never in a caller's transaction.
    UnitOfWork work = new UnitOfWork(() -> {
      throw new AssertionError("no connection should be taken");
    });

    assertThat(work.inCallersTransaction()).isFalse();
    assertThat(work.afterCallersTransaction(() -> { })).isFalse();
  }

  @Test
  void connectionsThatCanJoinTheCallersTransactionAreAskedEachTime() {
    boolean[] inOne = {false};
    UnitOfWork work = new UnitOfWork(new JdbcConnections() {
      @Override
      public Connection acquire() throws SQLException {
        return UnitOfWorkTest.this.acquire();
      }

      @Override
      public boolean inExternalTransaction(Connection connection) {
        return inOne[0];
      }

      @Override
      public void release(Connection connection) throws SQLException {
        released.incrementAndGet();
        connection.close();
      }
    });

    assertThat(work.inCallersTransaction()).isFalse();
    inOne[0] = true;
    assertThat(work.inCallersTransaction()).isTrue();
    assertThat(acquired).hasValue(2);
    assertThat(released).hasValue(2);
  }
}
