-- NodeService: one row per node (wallet), one row per node and UTC day.
-- Portable SQL: runs on PostgreSQL and on H2 in PostgreSQL mode.

CREATE TABLE nodes (
    wallet_address      VARCHAR(42) PRIMARY KEY,
    last_heartbeat_time TIMESTAMP WITH TIME ZONE,
    create_time         TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE node_daily_metrics (
    wallet_address      VARCHAR(42) NOT NULL REFERENCES nodes (wallet_address) ON DELETE CASCADE,
    stats_date          DATE        NOT NULL,
    bytes_served        BIGINT      NOT NULL DEFAULT 0,
    tasks_completed     BIGINT      NOT NULL DEFAULT 0,
    uptime_ms           BIGINT      NOT NULL DEFAULT 0,
    peers_connected     INTEGER     NOT NULL DEFAULT 0,
    last_heartbeat_time TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (wallet_address, stats_date)
);

-- Leaderboards: one day's nodes by bytes served or by uptime, keyset-paginated.
CREATE INDEX node_daily_metrics_by_bytes ON node_daily_metrics (stats_date, bytes_served DESC, wallet_address);
CREATE INDEX node_daily_metrics_by_uptime ON node_daily_metrics (stats_date, uptime_ms DESC, wallet_address);
