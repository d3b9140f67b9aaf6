-- Hookmesh schema for H2 2.x (development and tests). Apply it with Flyway or Liquibase, or let
-- JdbcSchema.create(dataSource) run it (every statement is idempotent).
-- Tables carry the prefix hookmesh_; JdbcSchema replaces it when a custom prefix is configured.

-- Message ids a receiver has handled, so a redelivery is acknowledged without handling twice.
CREATE TABLE IF NOT EXISTS hookmesh_seen (
  endpoint    VARCHAR(200) NOT NULL,
  message_id  VARCHAR(255) NOT NULL,
  expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (endpoint, message_id)
);
CREATE INDEX IF NOT EXISTS hookmesh_seen_expiry ON hookmesh_seen (expires_at);
