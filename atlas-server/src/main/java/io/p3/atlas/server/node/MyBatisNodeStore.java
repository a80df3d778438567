package io.p3.atlas.server.node;

import io.p3.atlas.server.batch.GroupCommitWriter;
import io.p3.atlas.server.persistence.Database;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.ibatis.session.SqlSession;

/**
 * Node metrics in SQL through {@link NodeMapper}. Every write first locks the node's row, so one
 * wallet's writes are serialized across threads and server instances: the previous heartbeat is read
 * and replaced atomically with the uptime it adds. Writes go through the group-commit writer.
 */
public final class MyBatisNodeStore implements NodeStore {
    private final Database db;
    private final GroupCommitWriter writer;
    private final Clock clock;
    private final RangeLeaderboardCache ranges;

    public MyBatisNodeStore(Database db, GroupCommitWriter writer, Clock clock) {
        this(db, writer, clock, null);
    }

    /** {@code ranges}: where leaderboards over a range of days are ranked once and paged (null: never cached). */
    public MyBatisNodeStore(Database db, GroupCommitWriter writer, Clock clock, RangeLeaderboardCache ranges) {
        this.db = db.register(NodeMapper.class);
        this.writer = writer;
        this.clock = clock;
        this.ranges = ranges;
    }

    @Override
    public CompletableFuture<NodeWrite> recordHeartbeat(String wallet, int peersConnected) {
        return writer.submit(wallet, session -> write(session, wallet, 0, 0, true, peersConnected));
    }

    @Override
    public CompletableFuture<NodeWrite> addContentServed(String wallet, long bytes, long tasks) {
        return writer.submit(wallet, session -> write(session, wallet, bytes, tasks, false, null));
    }

    @Override
    public CompletableFuture<NodeWrite> recordHeartbeatWithContent(String wallet, long bytes, long tasks) {
        return writer.submit(wallet, session -> write(session, wallet, bytes, tasks, true, null));
    }

    /**
     * One write of a wallet, in the group commit's transaction: adds {@code bytes} and {@code tasks} to today's
     * row and, for a heartbeat, the uptime since the previous one (split at midnight) and the heartbeat time;
     * the node's lifetime totals grow by the same amounts. {@code peers} replaces today's peer count unless null.
     */
    private NodeWrite write(SqlSession session, String wallet, long bytes, long tasks, boolean heartbeat,
                            Integer peers) {
        NodeMapper m = session.getMapper(NodeMapper.class);
        boolean created = m.ensureNode(wallet) == 1;
        Instant previous = m.lockNode(wallet); // all writers lock the node row first: one lock order
        // Read the clock under the row lock, so heartbeats of one wallet are applied in time order.
        // Millisecond precision: gaps are then whole milliseconds and uptime telescopes exactly.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        LocalDate today = UptimeCalculator.utcDay(now);
        long todayUptime = 0;
        long uptime = 0;
        if (heartbeat) {
            for (UptimeCalculator.DayShare share : UptimeCalculator.shares(previous, now)) {
                uptime += share.millis();
                if (share.day().equals(today)) {
                    todayUptime += share.millis();
                } else {
                    m.upsertDaily(wallet, share.day(), 0, 0, share.millis(), null, null);
                }
            }
        }
        Instant heartbeatAt = heartbeat ? now : null;
        m.upsertDaily(wallet, today, bytes, tasks, todayUptime, peers, heartbeatAt);
        m.updateNode(wallet, bytes, tasks, uptime, heartbeatAt);
        return new NodeWrite(m.selectDaily(wallet, today), created, previous, now, heartbeat);
    }


    @Override
    public List<NodeTotals> seenBetween(Instant from, Instant before, int limit) {
        return db.readOnly(NodeMapper.class, m -> m.seenBetween(from, before, limit));
    }

    @Override
    public Optional<NodeTotals> findNode(String wallet) {
        return Optional.ofNullable(db.readOnly(NodeMapper.class, m -> m.selectNode(wallet)));
    }

    @Override
    public Optional<DailyMetrics> findDaily(String wallet, LocalDate day) {
        return Optional.ofNullable(db.readOnly(NodeMapper.class, m -> m.selectDaily(wallet, day)));
    }

    @Override
    public List<DailyMetrics> listDaily(String wallet, LocalDate start, LocalDate end, LocalDate afterDay, int limit) {
        return db.readOnly(NodeMapper.class, m -> m.listDaily(wallet, start, end, afterDay, limit));
    }

    @Override
    public List<LeaderboardRow> leaderboard(LeaderboardPeriod period, LeaderboardOrder order, Instant heartbeatFrom,
                                            Instant heartbeatBefore, Long afterValue, String afterWallet, int limit) {
        if (ranges != null && !period.allTime() && !period.oneDay()) {
            return ranges.page(period, order, heartbeatFrom, heartbeatBefore, afterValue, afterWallet, limit,
                    () -> db.readOnly(NodeMapper.class, m -> m.leaderboard(period, order.column(), null, null, null,
                            null, Integer.MAX_VALUE)));
        }
        return db.readOnly(NodeMapper.class, m -> m.leaderboard(period, order.column(), heartbeatFrom,
                heartbeatBefore, afterValue, afterWallet, limit));
    }
}
