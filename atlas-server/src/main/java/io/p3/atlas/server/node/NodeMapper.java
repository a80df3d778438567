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
}
