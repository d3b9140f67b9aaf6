package dev.hookmesh.spring;

import dev.hookmesh.inbox.InMemoryInboxStore;
import dev.hookmesh.inbox.InboxListener;
import dev.hookmesh.inbox.InboxStore;
import dev.hookmesh.inbox.InboxTransactions;
import dev.hookmesh.inbox.WebhookInbox;
import dev.hookmesh.jdbc.JdbcInboxStore;
import dev.hookmesh.spring.HookmeshReceiverProperties.Inbox;
import dev.hookmesh.spring.internal.InboxLifecycle;
import dev.hookmesh.spring.internal.InboxMetrics;
import dev.hookmesh.spring.internal.InboxProcessor;
import dev.hookmesh.spring.internal.OnInboxProcessingCondition;
import dev.hookmesh.spring.internal.RetentionPurger;
import dev.hookmesh.spring.internal.SpringInboxTransactions;
import dev.hookmesh.spring.internal.WebhookDispatcher;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The durable inbox, for receiving endpoints configured with {@code processing: inbox} (or all of
 * them, with {@code hookmesh.receiver.processing=inbox}): their requests are stored and
 * acknowledged, and their {@link WebhookListener}s run in the background with retries and dead
 * letters. Events live in the application's database when it has one (the
 * {@link JdbcInboxStore}), and a listener then runs in one transaction with its event's
 * completion when there is a {@link PlatformTransactionManager}; without a database they live
 * in memory, which is not durable and is logged as such at start-up.
 *
 * <p>Adds the {@code hookmeshInbox} health indicator with Actuator, meters with Micrometer, and
 * purges processed events and dead letters after {@code hookmesh.receiver.inbox.retention}.
 * Every bean can be replaced by declaring one of the same type.
 */
@AutoConfiguration(after = {HookmeshReceiverAutoConfiguration.class,
    HookmeshJdbcAutoConfiguration.class}, afterName = {
    "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
    "org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration"})
@ConditionalOnWebApplication
@ConditionalOnBean(WebhookDispatcher.class)
@Conditional(OnInboxProcessingCondition.class)
public final class HookmeshInboxAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  InboxStore hookmeshInboxStore(HookmeshReceiverProperties properties) {
    if (properties.inbox().store() == HookmeshReceiverProperties.Store.JDBC) {
      throw new IllegalStateException("hookmesh.receiver.inbox.store=jdbc needs a DataSource:"
          + " add one (and Hookmesh's schema), or set hookmesh.receiver.inbox.store=auto to"
          + " keep events in memory, which is not durable");
    }
    return new InMemoryInboxStore();
  }

  @Bean(destroyMethod = "")
  @ConditionalOnMissingBean
  WebhookInbox hookmeshWebhookInbox(InboxStore store, WebhookEndpoints endpoints,
      WebhookDispatcher dispatcher, HookmeshReceiverProperties properties,
      ObjectProvider<InboxTransactions> transactions, ObjectProvider<InboxListener> listeners) {
    Inbox settings = properties.inbox();
    List<InboxListener> heard = listeners.orderedStream().toList();
    WebhookInbox.Builder builder = WebhookInbox.builder(store,
            new InboxProcessor(endpoints, dispatcher))
        .deferStart()
        .concurrency(settings.concurrency())
        .lease(settings.lease())
        .pollInterval(settings.pollInterval())
        .closeTimeout(settings.closeTimeout())
        .listener(activity -> heard.forEach(listener -> listener.onActivity(activity)));
    if (settings.retry() != null) {
      builder.retryPolicy(HookmeshSenderAutoConfiguration.retryPolicy(settings.retry()));
    }
    for (WebhookEndpoint endpoint : endpoints.all()) {
      if (endpoint.retryPolicy() != null) {
        builder.retryPolicy(endpoint.name(), endpoint.retryPolicy());
      }
    }
    transactions.ifAvailable(builder::transactions);
    return builder.build();
  }

  @Bean
  @ConditionalOnMissingBean
  InboxLifecycle hookmeshInboxLifecycle(WebhookInbox inbox, WebhookDispatcher dispatcher,
      HookmeshReceiverProperties properties, InboxStore store) {
    return new InboxLifecycle(inbox, dispatcher, properties.inbox().retryAfter(),
        !(store instanceof InMemoryInboxStore), properties.inbox().processEvents());
  }

  @Bean
  @ConditionalOnMissingBean(name = "hookmeshInboxPurger")
  RetentionPurger hookmeshInboxPurger(WebhookInbox inbox, HookmeshReceiverProperties properties) {
    return new RetentionPurger("processed inbox events and dead letters", inbox::purge,
        properties.inbox().retention(), properties.inbox().purgeInterval());
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnBean(JdbcInboxStore.class)
  @ConditionalOnSingleCandidate(PlatformTransactionManager.class)
  static final class TransactionConfiguration {

    @Bean
    @ConditionalOnMissingBean
    InboxTransactions hookmeshInboxTransactions(PlatformTransactionManager manager) {
      return new SpringInboxTransactions(manager);
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(HealthIndicator.class)
  @ConditionalOnEnabledHealthIndicator("hookmeshInbox")
  static final class HealthConfiguration {

    @Bean
    @ConditionalOnMissingBean
    HookmeshInboxHealthIndicator hookmeshInboxHealthIndicator(WebhookInbox inbox) {
      return new HookmeshInboxHealthIndicator(inbox, Clock.systemUTC());
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(MeterRegistry.class)
  static final class MetricsConfiguration {

    @Bean
    @ConditionalOnMissingBean
    InboxMetrics hookmeshInboxMetrics(InboxStore store) {
      return new InboxMetrics(store, Clock.systemUTC());
    }
  }
}
