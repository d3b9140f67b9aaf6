package dev.hookmesh.jdbc;

import dev.hookmesh.platform.RegistryStore;
import dev.hookmesh.platform.RegistryStoreContract;
import javax.sql.DataSource;
import org.junit.jupiter.api.Nested;

/** The registry contract on H2 and on real PostgreSQL and MariaDB servers. */
class JdbcRegistryStoreTest {

  static RegistryStore on(DataSource dataSource, java.time.Clock clock) {
    JdbcSchema.create(dataSource);
    return JdbcRegistryStore.builder(dataSource).clock(clock).build();
  }

  @Nested
  class OnH2 extends RegistryStoreContract {
    @Override
    protected RegistryStore newStore() {
      return on(TestDatabases.h2(), clock);
    }
  }

  @Nested
  class OnMariaDb extends RegistryStoreContract {
    @Override
    protected RegistryStore newStore() {
      return on(TestDatabases.mariadb(), clock);
    }
  }

  @Nested
  class OnPostgreSql extends RegistryStoreContract {
    @Override
    protected RegistryStore newStore() {
      return on(TestDatabases.postgres(), clock);
    }
  }
}
