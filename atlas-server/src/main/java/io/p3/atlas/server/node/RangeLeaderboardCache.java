package io.p3.atlas.server.node;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Leaderboards over a range of days or all time, ranked once and paged from memory for {@code ttl}. A range's
 * ranking sums every row of its days (300 000 rows for 10 000 wallets over 30 days): the covering index finds
 * them, but the sum itself costs tens to hundreds of milliseconds, while a page cut from the ranked list costs
 * microseconds. All time ranks the lifetime totals of every node row, which are not indexed so that the writes
 * adding to them stay in place (see {@code V11}). Concurrent first readers of one board share one query. Sums
 * and heartbeat times seen through it are at most {@code ttl} old; the status filter is applied to the cached
 * heartbeat times. Rankings of more than {@link #MAX_ROWS} rows in all are not kept.
 */
public final class RangeLeaderboardCache {
    static final long MAX_ROWS = 1_000_000;

    private record Key(LeaderboardPeriod period, LeaderboardOrder order) {
    }

    private final Cache<Key, List<LeaderboardRow>> rankings;

    public RangeLeaderboardCache(Duration ttl, MeterRegistry meters) {
        this.rankings = Caffeine.newBuilder()
                .expireAfterWrite(ttl)
                .maximumWeight(MAX_ROWS)
                .<Key, List<LeaderboardRow>>weigher((k, rows) -> rows.size())
                .recordStats()
                .build();
        CaffeineCacheMetrics.monitor(meters, rankings, "atlas.node.leaderboards");
    }

    /**
     * The page of {@code NodeStore#leaderboard}, cut from the ranking of ({@code period}, {@code order}) that
     * {@code rank} computes (every node with metrics in the period, in leaderboard order) when none is cached.
     */
    List<LeaderboardRow> page(LeaderboardPeriod period, LeaderboardOrder order, Instant heartbeatFrom,
                              Instant heartbeatBefore, Long afterValue, String afterWallet, int limit,
                              Supplier<List<LeaderboardRow>> rank) {
        List<LeaderboardRow> ranked = rankings.get(new Key(period, order), k -> List.copyOf(rank.get()));
        int from = afterValue == null ? 0 : firstAfter(ranked, order, afterValue, afterWallet);
        List<LeaderboardRow> out = new ArrayList<>(Math.min(limit, 1024));
        for (int i = from; i < ranked.size() && out.size() < limit; i++) {
            LeaderboardRow r = ranked.get(i);
            Instant last = r.lastHeartbeatTime();
            if (heartbeatFrom != null && (last == null || last.isBefore(heartbeatFrom))) {
                continue;
            }
            if (heartbeatBefore != null && last != null && !last.isBefore(heartbeatBefore)) {
                continue;
            }
            out.add(r);
        }
        return out;
    }

    /** The index of the first row ranked after the cursor ({@code afterValue}, {@code afterWallet}). */
    private static int firstAfter(List<LeaderboardRow> ranked, LeaderboardOrder order, long afterValue,
                                  String afterWallet) {
        int lo = 0;
        int hi = ranked.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            LeaderboardRow r = ranked.get(mid);
            // Higher values rank first, then wallets in ascending order.
            int vsCursor = Long.compare(afterValue, r.value(order));
            if (vsCursor == 0) {
                vsCursor = r.walletAddress().compareTo(afterWallet);
            }
            if (vsCursor <= 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
