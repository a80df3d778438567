package io.p3.atlas.server.node;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Where node metrics live. Writes complete after the commit that holds them; they apply the uptime
 * and counter arithmetic atomically in the database, so concurrent writers (threads or server
 * instances) never lose or double-count anything. The time of a write is the store's clock.
 */
public interface NodeStore {

    /** Records a heartbeat now; returns the wallet's metrics for today (UTC) after it. */
    CompletableFuture<NodeWrite> recordHeartbeat(String wallet, int peersConnected);

    /** Adds bytes and tasks to today's (UTC) row; returns that row after it. */
    CompletableFuture<NodeWrite> addContentServed(String wallet, long bytes, long tasks);

    /**
     * Both at once, in one write: a heartbeat (keeping today's peer count) that also adds bytes and tasks, e.g.
     * what a relay of this wallet reports. Returns today's row after it.
     */
    CompletableFuture<NodeWrite> recordHeartbeatWithContent(String wallet, long bytes, long tasks);

    /**
     * Nodes whose latest heartbeat is at or after {@code from} and before {@code before} (null: no bound), by
     * wallet, at most {@code limit}: who is online, or who went offline between two moments.
     */
    List<NodeTotals> seenBetween(Instant from, Instant before, int limit);

    /** The node's lifetime totals, or empty if it never reported anything. */
    Optional<NodeTotals> findNode(String wallet);

    /** One day's row, or empty. */
    Optional<DailyMetrics> findDaily(String wallet, LocalDate day);

    /**
     * The wallet's rows from {@code start} to {@code end} (each inclusive, null for open), oldest first,
     * after {@code afterDay} (exclusive, null for the first page), at most {@code limit}.
     */
    List<DailyMetrics> listDaily(String wallet, LocalDate start, LocalDate end, LocalDate afterDay, int limit);

    /**
     * The nodes with metrics in {@code period}, their sums over it in leaderboard order, after the row
     * with {@code afterValue}/{@code afterWallet} (null for the first page), at most {@code limit}. Only
     * nodes whose latest heartbeat is at or after {@code heartbeatFrom} (null: no bound), or none or before
     * {@code heartbeatBefore} (null: no bound).
     */
    List<LeaderboardRow> leaderboard(LeaderboardPeriod period, LeaderboardOrder order, Instant heartbeatFrom,
                                     Instant heartbeatBefore, Long afterValue, String afterWallet, int limit);
}
