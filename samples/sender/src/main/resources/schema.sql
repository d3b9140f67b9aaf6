-- The application's own tables. Hookmesh's tables (hookmesh_*) are created by the starter
-- (hookmesh.jdbc.initialize-schema); in production both come from your migrations.
CREATE TABLE IF NOT EXISTS customer_endpoint (
  id         VARCHAR(64)   PRIMARY KEY,
  url        VARCHAR(2048) NOT NULL,
  -- The signing secret, shown to the customer once, stored encrypted (SecretCipher).
  secret     VARCHAR(200)  NOT NULL,
  created_at TIMESTAMP     NOT NULL
);

CREATE TABLE IF NOT EXISTS customer_order (
  id                   VARCHAR(64) PRIMARY KEY,
  customer_endpoint_id VARCHAR(64) NOT NULL REFERENCES customer_endpoint (id),
  amount               BIGINT      NOT NULL,
  created_at           TIMESTAMP   NOT NULL
);
