package io.p3.atlas.server.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.p3.atlas.server.paging.Page;
import io.p3.atlas.server.batch.GroupCommitWriter;
import io.p3.atlas.server.error.AtlasException;
import io.p3.atlas.server.error.ErrorCode;
import io.p3.atlas.server.persistence.Database;
import io.p3.atlas.server.testing.MutableClock;
import io.p3.atlas.server.testing.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The node metrics rules, run against each real database (H2 and PostgreSQL subclasses): the store
 * plus the service rules on top, with a clock the test moves.
 */
abstract class NodeStoreContract {
    static final String W1 = "0x1111111111111111111111111111111111111111";
    static final String W2 = "0x2222222222222222222222222222222222222222";
    static final String W3 = "0x3333333333333333333333333333333333333333";

    final MutableClock clock = MutableClock.at("2026-03-01T12:00:00Z");
    Database db;
    GroupCommitWriter writer;
    NodeMetricsService nodes;

    abstract TestDatabase database();

    @BeforeEach
    void open() {
        open(clock);
    }

    void open(Clock storeClock) {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        db = Database.open(database().newDatabase(), meters, List.of(NodeMapper.class));
        writer = new GroupCommitWriter("node-test", db.sessions(), 64, 100_000, meters);
        nodes = new NodeMetricsService(new MyBatisNodeStore(db, writer, storeClock), storeClock);
    }

    @AfterEach
    void close() {
        writer.close();
        db.close();
    }

    DailyMetrics heartbeat(String wallet, int peers) {
        return nodes.recordHeartbeat(wallet, peers).join();
    }

    DailyMetrics content(String wallet, long bytes, long tasks) {
        return nodes.trackContentServed(wallet, bytes, tasks).join();
    }

    @Test
    void firstHeartbeatCreatesTodaysRowWithoutUptime() {
        DailyMetrics m = heartbeat(W1.toUpperCase().replace("0X", "0x"), 3);
        assertEquals(W1, m.walletAddress());
        assertEquals(LocalDate.parse("2026-03-01"), m.statsDate());
        assertEquals(0, m.uptimeMs());
        assertEquals(3, m.peersConnected());
        assertEquals(clock.instant(), m.lastHeartbeatTime());
    }

    @Test
    void heartbeatsAddGapsUpToTwoMinutes() {
        heartbeat(W1, 1);
        clock.advance(Duration.ofSeconds(30));
        assertEquals(30_000, heartbeat(W1, 2).uptimeMs());
        clock.advance(Duration.ofMillis(120_000));
        assertEquals(150_000, heartbeat(W1, 2).uptimeMs());
        clock.advance(Duration.ofMillis(120_001));
        DailyMetrics afterLongGap = heartbeat(W1, 5);
        assertEquals(150_000, afterLongGap.uptimeMs());
        assertEquals(5, afterLongGap.peersConnected());
        assertEquals(clock.instant(), afterLongGap.lastHeartbeatTime());
    }

    @Test
    void gapAcrossMidnightIsSplitAndOldRowsStay() {
        clock.set(Instant.parse("2026-03-01T23:59:30Z"));
        heartbeat(W1, 1);
        content(W1, 100, 1);
        clock.set(Instant.parse("2026-03-02T00:00:45Z"));
        DailyMetrics today = heartbeat(W1, 4);
        assertEquals(LocalDate.parse("2026-03-02"), today.statsDate());
        assertEquals(45_000, today.uptimeMs());
        assertEquals(0, today.bytesServed());

        List<DailyMetrics> rows = nodes.listDailyMetrics(W1, "", "", 0, "").items();
        assertEquals(2, rows.size());
        DailyMetrics yesterday = rows.get(0);
        assertEquals(LocalDate.parse("2026-03-01"), yesterday.statsDate());
        assertEquals(30_000, yesterday.uptimeMs());
        assertEquals(100, yesterday.bytesServed());
        assertEquals(1, yesterday.peersConnected());
        assertEquals(Instant.parse("2026-03-01T23:59:30Z"), yesterday.lastHeartbeatTime());
    }

    @Test
    void contentCountersAccumulateAndDefaultTasksToZero() {
        content(W1, 1000, 0);
        DailyMetrics m = content(W1, 24, 3);
        assertEquals(1024, m.bytesServed());
        assertEquals(3, m.tasksCompleted());
        assertEquals(0, m.peersConnected());
        assertNull(m.lastHeartbeatTime());
    }

    @Test
    void invalidInputIsRejectedBeforeAnyWrite() {
        AtlasException e = assertThrows(AtlasException.class, () -> nodes.trackContentServed(W1, -1, 0));
        assertEquals("bytes", e.field());
        assertEquals("tasks_completed",
                assertThrows(AtlasException.class, () -> nodes.trackContentServed(W1, 1, -1)).field());
        assertEquals("peers_connected",
                assertThrows(AtlasException.class, () -> nodes.recordHeartbeat(W1, -2)).field());
        assertEquals(ErrorCode.NOT_FOUND, assertThrows(AtlasException.class, () -> nodes.getNode(W1)).code());
    }

    @Test
    void getNodeSumsAllDaysAndReportsOnlineStatus() {
        heartbeat(W1, 1);
        content(W1, 10, 1);
        clock.advance(Duration.ofSeconds(60));
        heartbeat(W1, 2);
        clock.set(Instant.parse("2026-03-02T08:00:00Z"));
        content(W1, 5, 2);

        NodeView v = nodes.getNode(W1);
        assertEquals(15, v.totals().bytesServed());
        assertEquals(3, v.totals().tasksCompleted());
        assertEquals(60_000, v.totals().uptimeMs());
        assertEquals(Instant.parse("2026-03-01T12:01:00Z"), v.totals().lastHeartbeatTime());
        assertFalse(v.online());
        assertEquals(LocalDate.parse("2026-03-02"), v.today().statsDate());
        assertEquals(5, v.today().bytesServed());

        heartbeat(W1, 1);
        clock.advance(Duration.ofSeconds(119));
        assertTrue(nodes.getNode(W1).online());
        clock.advance(Duration.ofSeconds(2));
        assertFalse(nodes.getNode(W1).online());
    }

    @Test
    void todayIsZerosWhenNothingReportedToday() {
        content(W1, 10, 0);
        clock.advance(Duration.ofDays(1));
        DailyMetrics today = nodes.getNode(W1).today();
        assertEquals(LocalDate.parse("2026-03-02"), today.statsDate());
        assertEquals(0, today.bytesServed());
    }

    @Test
    void dailyMetricsFilterByDateAndPage() {
        for (int day = 0; day < 5; day++) {
            clock.set(Instant.parse("2026-03-01T10:00:00Z").plus(Duration.ofDays(day)));
            content(W1, day + 1, 0);
        }
        Page<DailyMetrics> p1 = nodes.listDailyMetrics(W1, "2026-03-02", "2026-03-05", 2, "");
        assertEquals(List.of("2026-03-02", "2026-03-03"), dates(p1.items()));
        assertFalse(p1.nextPageToken().isEmpty());
        Page<DailyMetrics> p2 =
                nodes.listDailyMetrics(W1, "2026-03-02", "2026-03-05", 2, p1.nextPageToken());
        assertEquals(List.of("2026-03-04", "2026-03-05"), dates(p2.items()));
        assertEquals("", p2.nextPageToken());

        assertEquals("page_token", assertThrows(AtlasException.class,
                () -> nodes.listDailyMetrics(W1, "2026-03-01", "2026-03-05", 2, p1.nextPageToken())).field());
        assertEquals("start_date", assertThrows(AtlasException.class,
                () -> nodes.listDailyMetrics(W1, "2026-3-1", "", 2, "")).field());
        assertEquals("end_date", assertThrows(AtlasException.class,
                () -> nodes.listDailyMetrics(W1, "2026-03-05", "2026-03-01", 2, "")).field());
        assertEquals(ErrorCode.NOT_FOUND, assertThrows(AtlasException.class,
                () -> nodes.listDailyMetrics(W2, "", "", 2, "")).code());
    }

    @Test
    void leaderboardOrdersByChosenMetricThenWalletAndPages() {
        content(W1, 500, 0);
        content(W2, 900, 0);
        content(W3, 500, 0);
        heartbeat(W1, 1);
        heartbeat(W3, 1);
        clock.advance(Duration.ofSeconds(10));
        heartbeat(W3, 1);

        Page<Leaderboard.Standing> p1 = board("", "bytes_served desc", 2, "");
        assertEquals(List.of(W2, W1), wallets(p1.items()));
        Page<Leaderboard.Standing> p2 = board("", "bytes_served desc", 2, p1.nextPageToken());
        assertEquals(List.of(W3), wallets(p2.items()));
        assertEquals("", p2.nextPageToken());

        assertEquals(List.of(W3, W1, W2), wallets(board("2026-03-01", "uptime_ms desc", 10, "").items()));
        assertTrue(board("2026-02-28", "", 10, "").items().isEmpty());
        assertEquals("page_token", assertThrows(AtlasException.class,
                () -> board("", "uptime_ms desc", 2, p1.nextPageToken())).field());
    }

    Page<Leaderboard.Standing> board(String day, String orderBy, int size, String token) {
        return nodes.listNodes(day, "", "", false, Leaderboard.StatusFilter.ANY, orderBy, size, token).page();
    }

    /**
     * 32 writers hammer one wallet with heartbeats and content counters at once. Nothing is lost, and
     * uptime is exactly the span between the first and last heartbeat: a double-counted gap would
     * exceed it. The clock ticks on every read, like a real one.
     */
    @Test
    void concurrentWritersLoseNothingAndNeverDoubleCountUptime() throws Exception {
        close();
        AtomicLong millis = new AtomicLong(Instant.parse("2026-03-01T10:00:00Z").toEpochMilli());
        Clock ticking = new Clock() {
            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(millis.addAndGet(7));
            }

            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }
        };
        open(ticking);
        int threads = 32;
        int perThread = 40;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<CompletableFuture<List<DailyMetrics>>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(CompletableFuture.supplyAsync(() -> {
                List<DailyMetrics> beats = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                    if (i % 2 == 0) {
                        beats.add(heartbeat(W1, i));
                    } else {
                        content(W1, 3, 1);
                    }
                }
                return beats;
            }, pool));
        }
        Instant first = Instant.MAX;
        for (CompletableFuture<List<DailyMetrics>> f : futures) {
            for (DailyMetrics m : f.get()) {
                first = m.lastHeartbeatTime().isBefore(first) ? m.lastHeartbeatTime() : first;
            }
        }
        pool.shutdown();
        NodeView v = nodes.getNode(W1);
        long contentCalls = threads * (perThread / 2L);
        assertEquals(contentCalls * 3, v.totals().bytesServed());
        assertEquals(contentCalls, v.totals().tasksCompleted());
        assertEquals(Duration.between(first, v.totals().lastHeartbeatTime()).toMillis(), v.totals().uptimeMs());
        assertTrue(v.totals().uptimeMs() > 0);
    }

    static List<String> dates(List<DailyMetrics> rows) {
        return rows.stream().map(m -> m.statsDate().toString()).toList();
    }

    static List<String> wallets(List<Leaderboard.Standing> rows) {
        return rows.stream().map(s -> s.row().walletAddress()).toList();
    }
}
