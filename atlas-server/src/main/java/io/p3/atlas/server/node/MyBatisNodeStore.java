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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.ibatis.session.SqlSession;

/**
 * Node metrics in SQL through {@link NodeMapper}. Writes go through the group-commit writer as
 * {@link NodeWrite}s, and each batch is applied at once ({@link NodeBatch}: one row per wallet and day):
 * on PostgreSQL a content-only batch is one multi-row upsert, a batch with heartbeats first locks the
 * heartbeating wallets' node rows (in wallet order, across threads and server instances), reads the clock,
 * then upserts; the previous heartbeat is read and replaced under that lock, atomically with the uptime
 * it adds. Node rows are created the first time a wallet is seen (and remembered, as they are never deleted).
 */
public final class MyBatisNodeStore implements NodeStore {
    /** Wallets whose node row is known to exist, at most (then forgotten least-recently-used first). */
    private static final int KNOWN_WALLETS = 200_000;

    private final Database db;
    private final GroupCommitWriter writer;
    private final Clock clock;
    private final Cache<String, Boolean> knownWallets = Caffeine.newBuilder().maximumSize(KNOWN_WALLETS).build();
    private final GroupCommitWriter.BatchWork<NodeWrite, DailyMetrics> batchWork = this::apply;

    public MyBatisNodeStore(Database db, GroupCommitWriter writer, Clock clock) {
        this.db = db.register(NodeMapper.class);
        this.writer = writer;
        this.clock = clock;
    }

    @Override
    public CompletableFuture<DailyMetrics> write(NodeWrite write) {
        return writer.submit(write.wallet(), write, batchWork);
    }

    /** Applies one batch in the writer's transaction; returns each write's reply. */
    private List<DailyMetrics> apply(SqlSession session, List<NodeWrite> writes) {
        NodeBatch batch = new NodeBatch(writes);
        NodeMapper m = session.getMapper(NodeMapper.class);
        List<String> created = batch.wallets().stream().filter(w -> knownWallets.getIfPresent(w) == null).toList();
        try {
            List<DailyMetrics> replies = db.kind() == DatabaseKind.POSTGRESQL
                    ? applyPostgres(m, batch, created) : applyOneByOne(m, batch, created);
            created.forEach(w -> knownWallets.put(w, Boolean.TRUE));
            return replies;
        } catch (RuntimeException e) {
            // A node row remembered from a batch that then failed to commit: check them all again.
            knownWallets.invalidateAll();
            throw e;
        }
    }

    /** A few statements for the whole batch, whatever its size. */
    private List<DailyMetrics> applyPostgres(NodeMapper m, NodeBatch batch, List<String> created) {
        if (!created.isEmpty()) {
            m.ensureNodes(created.toArray(String[]::new));
        }
        List<String> beating = batch.heartbeatWallets();
        if (!beating.isEmpty()) {
            for (NodeMapper.NodeHeartbeat h : m.lockNodes(beating.toArray(String[]::new))) {
                batch.previousHeartbeat(h.walletAddress(), h.lastHeartbeatTime());
            }
        }
        // Read the clock under the row locks, so heartbeats of one wallet are applied in time order.
        List<NodeBatch.DailyDelta> deltas = batch.deltas(now());
        Map<String, DailyMetrics> today = new HashMap<>();
        for (DailyMetrics row : m.upsertDailyRows(NodeMapper.DailyRows.of(deltas), !beating.isEmpty())) {
            if (row.statsDate().equals(batch.today())) {
                today.put(row.walletAddress(), row);
            }
        }
        return batch.replies(today::get);
    }

    /** H2 (embedded, no round trips): the single-row statements, one wallet after the other. */
    private List<DailyMetrics> applyOneByOne(NodeMapper m, NodeBatch batch, List<String> created) {
        created.forEach(m::ensureNode);
        List<String> beating = batch.heartbeatWallets();
        beating.forEach(w -> batch.previousHeartbeat(w, m.lockNode(w)));
        Instant now = now();
        for (NodeBatch.DailyDelta d : batch.deltas(now)) {
            m.upsertDaily(d.wallet(), d.day(), d.bytes(), d.tasks(), d.uptimeMs(), d.peers(), d.heartbeatAt());
        }
        beating.forEach(w -> m.advanceLastHeartbeat(w, now));
        return batch.replies(w -> m.selectDaily(w, batch.today()));
    }

    /** Millisecond precision: gaps are then whole milliseconds and uptime telescopes exactly. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
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
