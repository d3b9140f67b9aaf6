package dev.hookmesh.jdbc;

import dev.hookmesh.inbox.InboxStore;
import dev.hookmesh.inbox.InboxStoreContract;
import java.time.Clock;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import org.junit.jupiter.api.Nested;

/** The JDBC inbox keeps the {@link InboxStore} contract on real PostgreSQL and on H2. */
class JdbcInboxStoreTest {

  @Nested
  class OnPostgreSql extends JdbcContract {
    @Override
    DataSource database() {
      return TestDatabases.postgres();
    }
  }

  @Nested
  class OnMariaDb extends JdbcContract {
    @Override
    DataSource database() {
      return TestDatabases.mariadb();
    }
  }

  @Nested
  class OnH2 extends JdbcContract {
    @Override
    DataSource database() {
      return TestDatabases.h2();
    }
  }

  abstract static class JdbcContract extends InboxStoreContract {

    abstract DataSource database();

    @Override
    protected InboxStore newStore() {
      DataSource database = database();
      JdbcSchema.create(database);
      return JdbcInboxStore.builder(database).clock(Clock.fixed(T0, ZoneOffset.UTC)).build();
    }
  }
}
