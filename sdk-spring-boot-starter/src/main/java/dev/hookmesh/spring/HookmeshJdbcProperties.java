package dev.hookmesh.spring;

import dev.hookmesh.jdbc.JdbcDatabase;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How Hookmesh keeps its state in the application's database, under {@code hookmesh.jdbc}.
 * With a single {@code DataSource} in the context, the sender's queue and the receiver's replay
 * guard live there unless {@code hookmesh.sender.store=memory} or
 * {@code hookmesh.receiver.replay-guard=memory}.
 *
 * @param tablePrefix the prefix of Hookmesh's tables, such as hookmesh_ (the default) or
 *     webhooks.hookmesh_ for another schema
 * @param initializeSchema when to create the tables at start-up: embedded (the default:
 *     only for H2, so production schemas come from your migrations), always or
 *     never
 * @param retention how long delivered and finished messages and their attempt log are kept
 * @param purgeInterval how often finished messages older than the retention are deleted
 * @param database which database the DataSource is: detected from its metadata when not set;
 *     set it when a wrapping driver or proxy reports another product
 */
@ConfigurationProperties("hookmesh.jdbc")
public record HookmeshJdbcProperties(
    @DefaultValue("hookmesh_") String tablePrefix,
    @DefaultValue("embedded") SchemaInitialization initializeSchema,
    @DefaultValue("7d") Duration retention,
    @DefaultValue("1h") Duration purgeInterval,
    @Nullable JdbcDatabase database) {

  /** When Hookmesh creates its tables. */
  public enum SchemaInitialization {
    /** Create them for embedded databases (H2) only. */
    EMBEDDED,
    /** Create them whatever the database; every statement is idempotent. */
    ALWAYS,
    /** Never: the application's migrations create them. */
    NEVER
  }
}
