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

/**
 * Node metrics in SQL through {@link NodeMapper}. Every write first locks the node's row, so one
 * wallet's writes are serialized across threads and server instances: the previous heartbeat is read
 * and replaced atomically with the uptime it adds. Writes go through the group-commit writer.
 */
public final class MyBatisNodeStore implements NodeStore {
    private final Database db;
    private final GroupCommitWriter writer;
    private final Clock clock;

    public MyBatisNodeStore(Database db, GroupCommitWriter writer, Clock clock) {
        this.db = db.register(NodeMapper.class);
        this.writer = writer;
        this.clock = clock;
    }

    @Override
    public CompletableFuture<DailyMetrics> recordHeartbeat(String wallet, int peersConnected) {
        return writer.submit(wallet, session -> {
            NodeMapper m = session.getMapper(NodeMapper.class);
            Instant previous = lock(m, wallet);
            // Read the clock under the row lock, so heartbeats of one wallet are applied in time order.
            // Millisecond precision: gaps are then whole milliseconds and uptime telescopes exactly.
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            LocalDate today = UptimeCalculator.utcDay(now);
            long todayUptime = 0;
            for (UptimeCalculator.DayShare share : UptimeCalculator.shares(previous, now)) {
                if (share.day().equals(today)) {
                    todayUptime += share.millis();
                } else {
                    m.upsertDaily(wallet, share.day(), 0, 0, share.millis(), null, null);
                }
            }
            m.upsertDaily(wallet, today, 0, 0, todayUptime, peersConnected, now);
            m.advanceLastHeartbeat(wallet, now);
            return m.selectDaily(wallet, today);
        });
    }

    @Override
    public CompletableFuture<DailyMetrics> addContentServed(String wallet, long bytes, long tasks) {
        return writer.submit(wallet, session -> {
            NodeMapper m = session.getMapper(NodeMapper.class);
            lock(m, wallet);
            LocalDate today = UptimeCalculator.utcDay(clock.instant());
            m.upsertDaily(wallet, today, bytes, tasks, 0, null, null);
            return m.selectDaily(wallet, today);
        });
    }

    /** Creates the node row if needed and locks it (all writers lock it first: one lock order). */
    private static Instant lock(NodeMapper m, String wallet) {
        m.ensureNode(wallet);
        return m.lockNode(wallet);
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
    public List<DailyMetrics> listDay(LocalDate day, LeaderboardOrder order, Long afterValue, String afterWallet,
                                      int limit) {
        return db.readOnly(NodeMapper.class, m -> m.listDay(day, order.column(), afterValue, afterWallet, limit));
    }
}
