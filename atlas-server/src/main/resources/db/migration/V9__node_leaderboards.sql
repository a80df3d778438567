-- NodeService leaderboards over any period, and who is online now.
-- Portable SQL: runs on PostgreSQL and on H2 in PostgreSQL mode.

-- Lifetime totals on the node row, added by the same writes (under the node's row lock, in the same
-- transaction) as the daily rows, so an all-time leaderboard reads one row per node instead of
-- summing every day ever recorded.
ALTER TABLE nodes ADD COLUMN bytes_served BIGINT NOT NULL DEFAULT 0;
ALTER TABLE nodes ADD COLUMN tasks_completed BIGINT NOT NULL DEFAULT 0;
ALTER TABLE nodes ADD COLUMN uptime_ms BIGINT NOT NULL DEFAULT 0;

UPDATE nodes SET
    bytes_served = (SELECT COALESCE(SUM(d.bytes_served), 0) FROM node_daily_metrics d
                    WHERE d.wallet_address = nodes.wallet_address),
    tasks_completed = (SELECT COALESCE(SUM(d.tasks_completed), 0) FROM node_daily_metrics d
                       WHERE d.wallet_address = nodes.wallet_address),
    uptime_ms = (SELECT COALESCE(SUM(d.uptime_ms), 0) FROM node_daily_metrics d
                 WHERE d.wallet_address = nodes.wallet_address);

-- All-time leaderboards, keyset-paginated.
CREATE INDEX nodes_by_bytes ON nodes (bytes_served DESC, wallet_address);
CREATE INDEX nodes_by_uptime ON nodes (uptime_ms DESC, wallet_address);
-- Who is online now (status filters, WatchNetwork's snapshot and its offline check).
CREATE INDEX nodes_by_heartbeat ON nodes (last_heartbeat_time);
-- Leaderboards over a range of days: the period's rows are summed from this index alone (an
-- index-only scan on PostgreSQL), never from the table.
CREATE INDEX node_daily_metrics_period
    ON node_daily_metrics (stats_date, wallet_address, bytes_served, uptime_ms, tasks_completed);
