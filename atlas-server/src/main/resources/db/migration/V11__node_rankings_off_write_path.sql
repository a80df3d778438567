-- NodeService: the all-time leaderboards are ranked from the node rows' lifetime totals when read (and the
-- ranking kept for ATLAS_LEADERBOARD_CACHE_TTL, as for a range of days) instead of read in the order of
-- these two indexes. Every write adds to a node row's totals: with the totals indexed, each update wrote a
-- new entry into every index of the table; without them, an update that moves no heartbeat changes no
-- indexed column and PostgreSQL rewrites the row in place (a HOT update). On the node-write benchmark that
-- made writes about a third faster.
-- Portable SQL: runs on PostgreSQL and on H2 in PostgreSQL mode.

DROP INDEX nodes_by_bytes;
DROP INDEX nodes_by_uptime;
