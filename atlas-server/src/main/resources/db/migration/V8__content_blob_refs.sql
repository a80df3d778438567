-- StreamService across server instances: the database decides when a blob's bytes may be deleted and
-- which instance fetches a pull-through asset. Portable SQL: runs on PostgreSQL and on H2 in PostgreSQL mode.

-- One row per blob the blob store holds (or is being written). Its row lock orders, per sha256, the
-- commit of an asset that refers to the bytes against their deletion, whatever instance does either.
CREATE TABLE blobs (
    sha256      CHAR(64)                 PRIMARY KEY,
    size_bytes  BIGINT                   NOT NULL,
    create_time TIMESTAMP WITH TIME ZONE NOT NULL
);

INSERT INTO blobs (sha256, size_bytes, create_time)
SELECT sha256, MAX(size_bytes), MIN(create_time) FROM assets WHERE sha256 IS NOT NULL GROUP BY sha256;

-- A write of a blob under way (an upload or a pull-through fetch being committed): while a pin lives,
-- the bytes are kept even if no asset refers to them yet. A pin left by a crash expires; the sweep
-- then collects the bytes.
CREATE TABLE blob_pins (
    id          VARCHAR(36)              PRIMARY KEY,
    sha256      CHAR(64)                 NOT NULL,
    expire_time TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX blob_pins_by_sha256 ON blob_pins (sha256);

-- Pull-through: the instance fetching the asset's bytes from upstream now, and until when its lease
-- holds (renewed while the fetch runs; another instance may take over an expired lease).
ALTER TABLE assets ADD COLUMN fetch_owner VARCHAR(128);
ALTER TABLE assets ADD COLUMN fetch_expire_time TIMESTAMP WITH TIME ZONE;
