-- StreamService: asset metadata (bytes live in the content-addressed blob store under ATLAS_DATA_DIR/blobs)
-- and the media relay registry. Portable SQL: runs on PostgreSQL and on H2 in PostgreSQL mode.

CREATE TABLE assets (
    id           VARCHAR(128)  PRIMARY KEY,
    type         VARCHAR(32)   NOT NULL,
    content_type VARCHAR(255)  NOT NULL,
    -- NULL until a pull-through asset's bytes are fetched.
    size_bytes   BIGINT,
    sha256       CHAR(64),
    source_url   VARCHAR(2048),
    create_time  TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Listing by type (manifests, ListAssets with a type filter) in id order.
CREATE INDEX assets_by_type ON assets (type, id);
-- Blobs are shared by identical uploads: a blob goes when no asset refers to it.
CREATE INDEX assets_by_sha256 ON assets (sha256);

CREATE TABLE relays (
    id                  VARCHAR(128)     PRIMARY KEY,
    wallet_address      VARCHAR(42)      NOT NULL,
    endpoint_url        VARCHAR(2048)    NOT NULL,
    region              VARCHAR(64)      NOT NULL,
    capacity_mbps       INTEGER          NOT NULL,
    active_streams      INTEGER          NOT NULL DEFAULT 0,
    load_factor         DOUBLE PRECISION NOT NULL DEFAULT 0,
    last_heartbeat_time TIMESTAMP WITH TIME ZONE NOT NULL,
    create_time         TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX relays_by_region ON relays (region, id);
CREATE INDEX relays_by_heartbeat ON relays (last_heartbeat_time);
