-- Token buckets shared by every instance on one PostgreSQL when ATLAS_RATE_LIMIT_SHARED=true
-- (Bucket4j's PostgreSQL layout). id: "<budget>|<policy>|<client>"; state: Bucket4j's serialized bucket;
-- expires_at: epoch millis after which the bucket would be full again and the row may be deleted.
CREATE TABLE rate_limit_buckets (
    id         VARCHAR(200) PRIMARY KEY,
    state      BYTEA,
    expires_at BIGINT
);

CREATE INDEX rate_limit_buckets_expires_at ON rate_limit_buckets (expires_at);
