package io.p3.atlas.server.node;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.p3.atlas.server.batch.GroupCommitWriter;
import io.p3.atlas.server.persistence.Database;
import io.p3.atlas.server.persistence.DatabaseKind;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.ibatis.session.SqlSession;

/**
 * Node metrics in SQL through {@link NodeMapper}. Writes go through the group-commit writer as
 * {@link NodeUpdate}s, and each batch is applied at once ({@link NodeBatch}: one row per wallet and day,
 * one update per node row): every batch first locks its wallets' node rows (in wallet order, across
 * threads and server instances), reads the clock, then adds to the daily rows and to the node rows'
 * lifetime totals in the same transaction; the previous heartbeat is read and replaced under that lock,
 * atomically with the uptime it adds. On PostgreSQL that is two round trips per batch whatever its size (three
 * when it sees new wallets); the one that locks also keeps the plans on index scans. Node rows are created the
 * first time a wallet is seen (and remembered, as they are never deleted).
 */
public final class MyBatisNodeStore implements NodeStore {
    /** Wallets whose node row is known to exist, at most (then forgotten least-recently-used first). */
    private static final int KNOWN_WALLETS = 200_000;

    private final Database db;
    private final GroupCommitWriter writer;
    private final Clock clock;
    private final RangeLeaderboardCache ranges;
    private final Cache<String, Boolean> knownWallets = Caffeine.newBuilder().maximumSize(KNOWN_WALLETS).build();
    private final GroupCommitWriter.BatchWork<NodeUpdate, NodeWrite> batchWork = this::apply;

    public MyBatisNodeStore(Database db, GroupCommitWriter writer, Clock clock) {
        this(db, writer, clock, null);
    }

    /**
     * {@code ranges}: where leaderboards over a range of days or all time are ranked once and paged (null: ranked
     * in SQL on every call).
     */
    public MyBatisNodeStore(Database db, GroupCommitWriter writer, Clock clock, RangeLeaderboardCache ranges) {
        this.db = db.register(NodeMapper.class);
        this.writer = writer;
        this.clock = clock;
        this.ranges = ranges;
    }

    @Override
    public CompletableFuture<NodeWrite> write(NodeUpdate update) {
        return writer.submit(update.wallet(), update, batchWork);
    }

    /** Applies one batch in the writer's transaction; returns each write's reply. */
    private List<NodeWrite> apply(SqlSession session, List<NodeUpdate> writes) {
        NodeBatch batch = new NodeBatch(writes);
        NodeMapper m = session.getMapper(NodeMapper.class);
        List<String> unknown = batch.wallets().stream().filter(w -> knownWallets.getIfPresent(w) == null).toList();
        try {
            List<NodeWrite> replies = db.kind() == DatabaseKind.POSTGRESQL
                    ? applyPostgres(m, batch, unknown) : applyOneByOne(m, batch, unknown);
            unknown.forEach(w -> knownWallets.put(w, Boolean.TRUE));
            return replies;
        } catch (RuntimeException e) {
            // A node row remembered from a batch that then failed to commit: check them all again.
            knownWallets.invalidateAll();
            throw e;
        }
    }

    /** A few statements for the whole batch, whatever its size. */
    private List<NodeWrite> applyPostgres(NodeMapper m, NodeBatch batch, List<String> unknown) {
        Set<String> created = unknown.isEmpty() ? Set.of() : new HashSet<>(m.ensureNodes(unknown.toArray(String[]::new)));
        List<String> wallets = batch.wallets();
        Set<String> locked = new HashSet<>(wallets.size() * 2);
        for (NodeMapper.NodeHeartbeat h : m.lockNodes(wallets.toArray(String[]::new))) {
            batch.previousHeartbeat(h.walletAddress(), h.lastHeartbeatTime());
            locked.add(h.walletAddress());
        }
        if (locked.size() < wallets.size()) {
            // Remembered as existing, but its creation was rolled back after all (a commit that failed).
            String[] missing = wallets.stream().filter(w -> !locked.contains(w)).toArray(String[]::new);
            created = new HashSet<>(created);
            created.addAll(m.ensureNodes(missing));
            m.lockNodes(missing).forEach(h -> batch.previousHeartbeat(h.walletAddress(), h.lastHeartbeatTime()));
        }
        batch.created(created);
        // Read the clock under the row locks, so heartbeats of one wallet are applied in time order.
        NodeMapper.DailyRows rows = NodeMapper.DailyRows.of(batch.deltas(now()));
        Map<String, DailyMetrics> today = new HashMap<>();
        for (DailyMetrics row : m.upsertDailyRows(rows, rows.keepsPeers())) {
            if (row.statsDate().equals(batch.today())) {
                today.put(row.walletAddress(), row);
            }
        }
        return batch.replies(today::get);
    }

    /** H2 (embedded, no round trips): the single-row statements, one wallet after the other. */
    private List<NodeWrite> applyOneByOne(NodeMapper m, NodeBatch batch, List<String> unknown) {
        Set<String> created = new HashSet<>();
        Set<String> maybeNew = new HashSet<>(unknown);
        for (String wallet : batch.wallets()) {
            if (maybeNew.contains(wallet) && m.ensureNode(wallet) == 1) {
                created.add(wallet);
            }
            batch.previousHeartbeat(wallet, m.lockNode(wallet));
        }
        batch.created(created);
        for (NodeBatch.DailyDelta d : batch.deltas(now())) {
            m.upsertDaily(d.wallet(), d.day(), d.bytes(), d.tasks(), d.uptimeMs(), d.peers(), d.heartbeatAt());
        }
        for (NodeBatch.NodeDelta n : batch.nodeDeltas()) {
            m.updateNode(n.wallet(), n.bytes(), n.tasks(), n.uptimeMs(), n.heartbeatAt());
        }
        return batch.replies(w -> m.selectDaily(w, batch.today()));
    }

    /** Millisecond precision: gaps are then whole milliseconds and uptime telescopes exactly. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
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
        if (ranges != null && !period.oneDay()) {
            return ranges.page(period, order, heartbeatFrom, heartbeatBefore, afterValue, afterWallet, limit,
                    () -> db.readOnly(NodeMapper.class, m -> m.leaderboard(period, order.column(), null, null, null,
                            null, Integer.MAX_VALUE)));
        }
        return db.readOnly(NodeMapper.class, m -> m.leaderboard(period, order.column(), heartbeatFrom,
                heartbeatBefore, afterValue, afterWallet, limit));
    }
}
