package dev.hookmesh.spring;

import dev.hookmesh.ReplayGuard;
import dev.hookmesh.delivery.DeliveryStore;
import dev.hookmesh.inbox.InboxStore;
import dev.hookmesh.jdbc.JdbcConnections;
import dev.hookmesh.jdbc.JdbcDeliveryStore;
import dev.hookmesh.jdbc.JdbcInboxStore;
import dev.hookmesh.jdbc.JdbcRegistryStore;
import dev.hookmesh.jdbc.JdbcReplayGuard;
import dev.hookmesh.platform.RegistryStore;
import dev.hookmesh.spring.internal.JdbcSchemaCheck;
import dev.hookmesh.spring.internal.OnInboxProcessingCondition;
import dev.hookmesh.spring.internal.RetentionPurger;
import dev.hookmesh.spring.internal.SpringJdbcConnections;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * Keeps Hookmesh's state in the application's own database when it has one: the sender's queue
 * ({@link JdbcDeliveryStore}), shared by every instance and written in the caller's transaction
 * (a transactional outbox), and the receiver's {@link JdbcReplayGuard}, so a cluster of
 * receivers drops duplicates together, the durable inbox's events, and the webhook platform's
 * registry ({@link JdbcRegistryStore}). Finished messages are purged after
 * {@code hookmesh.jdbc.retention}.
 */
@AutoConfiguration(
    afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
    before = HookmeshReceiverAutoConfiguration.class,
    beforeName = "dev.hookmesh.spring.HookmeshSenderAutoConfiguration")
@ConditionalOnClass({DataSource.class, DataSourceUtils.class, JdbcDeliveryStore.class})
@ConditionalOnSingleCandidate(DataSource.class)
@EnableConfigurationProperties(HookmeshJdbcProperties.class)
public final class HookmeshJdbcAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  JdbcConnections hookmeshJdbcConnections(DataSource dataSource) {
    return new SpringJdbcConnections(dataSource);
  }

  // Lazy: only the stores and the guard below need tables, each checking its own, so an
  // application that keeps them all in memory never touches the schema.
  @Bean
  @Lazy
  @ConditionalOnMissingBean
  JdbcSchemaCheck hookmeshJdbcSchema(DataSource dataSource, HookmeshJdbcProperties properties) {
    return JdbcSchemaCheck.run(dataSource, properties);
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnExpression("!'${hookmesh.sender.store:auto}'.equalsIgnoreCase('memory')")
  static final class StoreConfiguration {

    @Bean
    @ConditionalOnMissingBean(DeliveryStore.class)
    JdbcDeliveryStore hookmeshDeliveryStore(JdbcConnections connections,
        HookmeshJdbcProperties properties, JdbcSchemaCheck schema) {
      schema.requireSender();
      return JdbcDeliveryStore.builder(connections).tablePrefix(properties.tablePrefix())
          .database(schema.database()).build();
    }

    @Bean
    @ConditionalOnBean(JdbcDeliveryStore.class)
    @ConditionalOnMissingBean
    RetentionPurger hookmeshRetentionPurger(JdbcDeliveryStore store,
        HookmeshJdbcProperties properties) {
      return new RetentionPurger(store, properties.retention(), properties.purgeInterval());
    }
  }

  @Configuration(proxyBeanMethods = false)
  @Conditional(OnInboxProcessingCondition.class)
  @ConditionalOnExpression("!'${hookmesh.receiver.inbox.store:auto}'.equalsIgnoreCase('memory')")
  static final class InboxStoreConfiguration {

    @Bean
    @ConditionalOnMissingBean(InboxStore.class)
    JdbcInboxStore hookmeshInboxStore(JdbcConnections connections,
        HookmeshJdbcProperties properties, JdbcSchemaCheck schema) {
      schema.requireInbox();
      return JdbcInboxStore.builder(connections).tablePrefix(properties.tablePrefix())
          .database(schema.database()).build();
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnBooleanProperty("hookmesh.platform.enabled")
  @ConditionalOnExpression("!'${hookmesh.platform.store:auto}'.equalsIgnoreCase('memory')")
  static final class RegistryStoreConfiguration {

    @Bean
    @ConditionalOnMissingBean(RegistryStore.class)
    JdbcRegistryStore hookmeshRegistryStore(JdbcConnections connections,
        HookmeshJdbcProperties properties, JdbcSchemaCheck schema) {
      schema.requirePlatform();
      return JdbcRegistryStore.builder(connections).tablePrefix(properties.tablePrefix())
          .database(schema.database()).build();
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnExpression("!'${hookmesh.receiver.replay-guard:auto}'.equalsIgnoreCase('memory')")
  static final class ReplayGuardConfiguration {

    @Bean
    @ConditionalOnMissingBean(ReplayGuard.class)
    JdbcReplayGuard hookmeshReplayGuard(JdbcConnections connections,
        HookmeshJdbcProperties properties, JdbcSchemaCheck schema) {
      schema.requireReplayGuard();
      return JdbcReplayGuard.builder(connections).tablePrefix(properties.tablePrefix())
          .database(schema.database()).build();
    }
  }
}
