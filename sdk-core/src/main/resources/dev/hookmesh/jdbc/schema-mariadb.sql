-- Hookmesh schema for MariaDB 10.6+ (SKIP LOCKED, IF NOT EXISTS on indexes and columns).
-- Apply it with Flyway or Liquibase, or let JdbcSchema.create(dataSource) run it (every
-- statement is idempotent). Tables carry the prefix hookmesh_; JdbcSchema replaces it when a
-- custom prefix is configured.
--
-- Times are DATETIME(6) in UTC: Hookmesh binds and reads them as UTC whatever the session's
-- time zone. Tables use utf8mb4_bin, so ids compare byte for byte, as on PostgreSQL. There are
-- no partial indexes in MariaDB: the claim indexes hold finished rows too.

-- Message ids a receiver has handled, so a redelivery is acknowledged without handling twice.
CREATE TABLE IF NOT EXISTS hookmesh_seen (
  endpoint    VARCHAR(200) NOT NULL,
  message_id  VARCHAR(255) NOT NULL,
  expires_at  DATETIME(6) NOT NULL,
  PRIMARY KEY (endpoint, message_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX IF NOT EXISTS hookmesh_seen_expiry ON hookmesh_seen (expires_at);

-- Messages the sender stores, once each, whatever the number of endpoints.
CREATE TABLE IF NOT EXISTS hookmesh_message (
  id              VARCHAR(255) NOT NULL PRIMARY KEY,
  event_type      VARCHAR(255) NOT NULL,
  content_type    VARCHAR(255) NOT NULL,
  body            LONGBLOB NOT NULL,
  created_at      DATETIME(6) NOT NULL,
  stored_at       DATETIME(6) NOT NULL,
  application_id  VARCHAR(255)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX IF NOT EXISTS hookmesh_message_stored ON hookmesh_message (stored_at);
CREATE INDEX IF NOT EXISTS hookmesh_message_application ON hookmesh_message (application_id, stored_at);
-- The trace the message was sent in, as propagation header lines (traceparent, tracestate),
-- which every attempt continues.
ALTER TABLE hookmesh_message ADD COLUMN IF NOT EXISTS trace_context VARCHAR(1024);

-- One row per message and endpoint; visible_at is when it can next be claimed (NULL once
-- finished), claimed with SELECT ... FOR UPDATE SKIP LOCKED.
CREATE TABLE IF NOT EXISTS hookmesh_delivery (
  message_id        VARCHAR(255) NOT NULL,
  endpoint_id       VARCHAR(255) NOT NULL,
  attempts          INTEGER NOT NULL,
  first_attempt_at  DATETIME(6),
  due_at            DATETIME(6) NOT NULL,
  lease_owner       VARCHAR(255),
  lease_expiry      DATETIME(6),
  visible_at        DATETIME(6),
  outcome           VARCHAR(32),
  finished_at       DATETIME(6),
  seq               BIGINT NOT NULL AUTO_INCREMENT,
  ordering_key      VARCHAR(255),
  PRIMARY KEY (message_id, endpoint_id),
  UNIQUE KEY delivery_seq (seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX IF NOT EXISTS hookmesh_delivery_claim ON hookmesh_delivery (visible_at);
CREATE INDEX IF NOT EXISTS hookmesh_delivery_ordered ON hookmesh_delivery (endpoint_id, ordering_key, seq);
CREATE INDEX IF NOT EXISTS hookmesh_delivery_finished ON hookmesh_delivery (endpoint_id, finished_at);

-- Every attempt, for the delivery log a provider shows its customers.
CREATE TABLE IF NOT EXISTS hookmesh_attempt (
  id                BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  message_id        VARCHAR(255) NOT NULL,
  endpoint_id       VARCHAR(255) NOT NULL,
  attempt           INTEGER NOT NULL,
  started_at        DATETIME(6) NOT NULL,
  duration_ms       BIGINT NOT NULL,
  status            INTEGER NOT NULL,
  response_headers  TEXT NOT NULL,
  response_body     MEDIUMTEXT NOT NULL,
  error             TEXT
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX IF NOT EXISTS hookmesh_attempt_message ON hookmesh_attempt (message_id, id);

-- What the senders remember about each endpoint across restarts.
CREATE TABLE IF NOT EXISTS hookmesh_endpoint (
  endpoint_id    VARCHAR(255) NOT NULL PRIMARY KEY,
  gone           BOOLEAN NOT NULL,
  disabled       BOOLEAN NOT NULL,
  failing_since  DATETIME(6),
  updated_at     DATETIME(6) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The durable inbox of received webhooks.
CREATE TABLE IF NOT EXISTS hookmesh_inbox (
  seq               BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  endpoint          VARCHAR(200) NOT NULL,
  message_id        VARCHAR(255) NOT NULL,
  event_type        VARCHAR(255) NOT NULL,
  ordering_key      VARCHAR(255),
  headers           TEXT NOT NULL,
  body              LONGBLOB NOT NULL,
  received_at       DATETIME(6) NOT NULL,
  status            VARCHAR(16) NOT NULL,
  attempts          INTEGER NOT NULL,
  first_attempt_at  DATETIME(6),
  due_at            DATETIME(6) NOT NULL,
  visible_at        DATETIME(6),
  lease_owner       VARCHAR(255),
  lease_expiry      DATETIME(6),
  last_error        TEXT,
  finished_at       DATETIME(6),
  UNIQUE KEY inbox_message (endpoint, message_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX IF NOT EXISTS hookmesh_inbox_claim ON hookmesh_inbox (visible_at, seq);
CREATE INDEX IF NOT EXISTS hookmesh_inbox_ordered ON hookmesh_inbox (endpoint, ordering_key, seq);
CREATE INDEX IF NOT EXISTS hookmesh_inbox_finished ON hookmesh_inbox (finished_at);
CREATE INDEX IF NOT EXISTS hookmesh_inbox_dead ON hookmesh_inbox (status, endpoint, seq);

-- The webhook platform's registry: applications, their endpoints, the event-type catalog,
-- and a note per change for the other instances' caches.
CREATE TABLE IF NOT EXISTS hookmesh_application (
  id           VARCHAR(64) NOT NULL PRIMARY KEY,
  name         VARCHAR(200) NOT NULL,
  rate_limit   INTEGER,
  metadata     TEXT NOT NULL,
  created_at   DATETIME(6) NOT NULL,
  updated_at   DATETIME(6) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE IF NOT EXISTS hookmesh_app_endpoint (
  id                   VARCHAR(64) NOT NULL PRIMARY KEY,
  application_id       VARCHAR(64) NOT NULL,
  url                  TEXT NOT NULL,
  description          TEXT NOT NULL,
  event_types          TEXT NOT NULL,
  channels             TEXT NOT NULL,
  headers              TEXT NOT NULL,
  rate_limit           INTEGER,
  metadata             TEXT NOT NULL,
  enabled              BOOLEAN NOT NULL,
  ordered              BOOLEAN NOT NULL,
  key_type             VARCHAR(16) NOT NULL,
  secret               TEXT NOT NULL,
  previous_secret      TEXT,
  previous_expires_at  DATETIME(6),
  created_at           DATETIME(6) NOT NULL,
  updated_at           DATETIME(6) NOT NULL,
  seq                  BIGINT NOT NULL AUTO_INCREMENT,
  UNIQUE KEY app_endpoint_seq (seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX IF NOT EXISTS hookmesh_app_endpoint_application ON hookmesh_app_endpoint (application_id, seq);
CREATE TABLE IF NOT EXISTS hookmesh_event_type (
  name         VARCHAR(128) NOT NULL PRIMARY KEY,
  description  TEXT NOT NULL,
  schema_json  MEDIUMTEXT,
  example      MEDIUMTEXT,
  deprecated   BOOLEAN NOT NULL,
  archived     BOOLEAN NOT NULL,
  created_at   DATETIME(6) NOT NULL,
  updated_at   DATETIME(6) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE IF NOT EXISTS hookmesh_registry_change (
  seq             BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  application_id  VARCHAR(64) NOT NULL,
  changed_at      DATETIME(6) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX IF NOT EXISTS hookmesh_registry_change_at ON hookmesh_registry_change (changed_at);
