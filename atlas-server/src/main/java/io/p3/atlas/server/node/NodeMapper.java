package io.p3.atlas.server.node;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.ibatis.annotations.Param;

/** MyBatis mapper for node metrics; SQL in NodeMapper.xml beside it (resources). */
public interface NodeMapper {

    /** Creates the node row if missing. */
    int ensureNode(@Param("wallet") String wallet);

    /** Locks the node row until commit and returns its last heartbeat (null if none). */
    Instant lockNode(@Param("wallet") String wallet);

    /**
     * Adds to the node's lifetime totals and, when {@code heartbeatAt} is not null, moves its last heartbeat
     * forward to it (never backwards).
     */
    int updateNode(@Param("wallet") String wallet, @Param("bytes") long bytes, @Param("tasks") long tasks,
                   @Param("uptimeMs") long uptimeMs, @Param("heartbeatAt") Instant heartbeatAt);

    /**
     * Adds to one day's counters, creating the row if missing. {@code peers} and {@code heartbeatAt}
     * replace the stored values when not null (the latest heartbeat wins).
     */
    int upsertDaily(@Param("wallet") String wallet, @Param("day") LocalDate day, @Param("bytes") long bytes,
                    @Param("tasks") long tasks, @Param("uptimeMs") long uptimeMs, @Param("peers") Integer peers,
                    @Param("heartbeatAt") Instant heartbeatAt);

    /**
     * PostgreSQL: creates the missing node rows of {@code wallets} (sorted: one lock order); returns the
     * wallets it created.
     */
    List<String> ensureNodes(@Param("wallets") String[] wallets);

    /**
     * PostgreSQL: locks the node rows of {@code wallets} until commit, in wallet order, and returns their
     * last heartbeats. {@code FOR NO KEY UPDATE}: other instances' inserts of daily rows (whose foreign
     * key takes a key-share lock on the node row) do not wait for it. In the same round trip it first makes
     * the rest of the transaction read rows by key (index scans), whatever the statistics say: a batch touches
     * a few rows by primary key, but a plan made while {@code nodes} was small (a cached generic plan outlives
     * the table's growth until the next ANALYZE) joined the batch to a sequential scan of every node.
     */
    List<NodeHeartbeat> lockNodes(@Param("wallets") String[] wallets);

    /**
     * PostgreSQL: adds {@code rows} (sorted by wallet and day, one per wallet and day) in one statement,
     * like {@link #upsertDaily} does for one, and returns the rows after it. The same statement adds each
     * wallet's rows to its node row's lifetime totals and moves its last heartbeat forward, like
     * {@link #updateNode} (the node rows must be locked already: {@link #lockNodes}). {@code keepsPeers}:
     * some heartbeat rows have no peer count (keep the stored one), which costs a lookup per row.
     */
    List<DailyMetrics> upsertDailyRows(@Param("rows") DailyRows rows, @Param("keepsPeers") boolean keepsPeers);

    DailyMetrics selectDaily(@Param("wallet") String wallet, @Param("day") LocalDate day);

    NodeTotals selectNode(@Param("wallet") String wallet);

    List<NodeTotals> seenBetween(@Param("from") Instant from, @Param("before") Instant before,
                                 @Param("limit") int limit);

    List<DailyMetrics> listDaily(@Param("wallet") String wallet, @Param("start") LocalDate start,
                                 @Param("end") LocalDate end, @Param("afterDay") LocalDate afterDay,
                                 @Param("limit") int limit);

    /** See {@link NodeStore#leaderboard}; {@code column} comes from {@link LeaderboardOrder#column()}. */
    List<LeaderboardRow> leaderboard(@Param("period") LeaderboardPeriod period, @Param("column") String column,
                                     @Param("from") Instant heartbeatFrom, @Param("before") Instant heartbeatBefore,
                                     @Param("afterValue") Long afterValue, @Param("afterWallet") String afterWallet,
                                     @Param("limit") int limit);

    /** A node's last heartbeat (null if none). */
    record NodeHeartbeat(String walletAddress, Instant lastHeartbeatTime) {
    }

    /**
     * Rows to add to, as parallel arrays (bound as SQL arrays: one statement, whatever the number of rows).
     * A null heartbeat time means "not a heartbeat's own row"; null peers keep the stored count; times are
     * epoch milliseconds.
     */
    record DailyRows(String[] wallets, String[] days, Long[] bytes, Long[] tasks, Long[] uptimes, Integer[] peers,
                     Long[] heartbeatMillis) {

        static DailyRows of(List<NodeBatch.DailyDelta> deltas) {
            int n = deltas.size();
            DailyRows r = new DailyRows(new String[n], new String[n], new Long[n], new Long[n], new Long[n],
                    new Integer[n], new Long[n]);
            for (int i = 0; i < n; i++) {
                NodeBatch.DailyDelta d = deltas.get(i);
                r.wallets[i] = d.wallet();
                r.days[i] = d.day().toString();
                r.bytes[i] = d.bytes();
                r.tasks[i] = d.tasks();
                r.uptimes[i] = d.uptimeMs();
                r.peers[i] = d.peers();
                r.heartbeatMillis[i] = d.heartbeatAt() == null ? null : d.heartbeatAt().toEpochMilli();
            }
            return r;
        }

        /** Whether a heartbeat row keeps the stored peer count (a relay's heartbeat). */
        boolean keepsPeers() {
            for (int i = 0; i < peers.length; i++) {
                if (heartbeatMillis[i] != null && peers[i] == null) {
                    return true;
                }
            }
            return false;
        }
    }
}
