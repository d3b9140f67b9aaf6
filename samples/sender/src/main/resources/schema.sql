-- The application's own table. Hookmesh's tables (hookmesh_*: customers' applications and
-- endpoints, the event catalog, the delivery queue) are created by the starter
-- (hookmesh.jdbc.initialize-schema); in production both come from your migrations.
CREATE TABLE IF NOT EXISTS customer_order (
  id          VARCHAR(64) PRIMARY KEY,
  customer_id VARCHAR(64) NOT NULL,
  amount      BIGINT      NOT NULL,
  created_at  TIMESTAMP   NOT NULL
);
