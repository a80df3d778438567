package io.p3.atlas.server.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.p3.atlas.server.batch.GroupCommitWriter;
import io.p3.atlas.server.error.AtlasException;
import io.p3.atlas.server.paging.Page;
import io.p3.atlas.server.persistence.Database;
import io.p3.atlas.server.persistence.DatabaseUrl;
import io.p3.atlas.server.testing.MutableClock;
import io.p3.atlas.server.testing.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Leaderboards over a day, a range and all time, on H2 and on PostgreSQL: sums, order, ties broken by
 * wallet across pages, the status filter, period rules, and lifetime totals (kept on the node row,
 * backfilled by the migration that added them).
 */
class LeaderboardIT {
    static final String A = "0xaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    static final String B = "0xbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    static final String C = "0xcccccccccccccccccccccccccccccccccccccccc";
    static final String D = "0xdddddddddddddddddddddddddddddddddddddddd";

    final MutableClock clock = MutableClock.at("2026-03-01T12:00:00Z");

    static Stream<Arguments> databasesWithAndWithoutRangeCache() {
        return Stream.of(TestDatabase.values()).flatMap(d -> Stream.of(Arguments.of(d, false), Arguments.of(d, true)));
    }

    @ParameterizedTest
    @MethodSource("databasesWithAndWithoutRangeCache")
    void periodsTiesStatusAndTotals(TestDatabase database, boolean cached) {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (Database db = Database.open(database.newDatabase(), meters);
             GroupCommitWriter writer = new GroupCommitWriter("node-test", db.sessions(), 64, 1000, meters)) {
            RangeLeaderboardCache ranges = cached ? new RangeLeaderboardCache(Duration.ofMinutes(5), meters) : null;
            NodeMetricsService nodes = new NodeMetricsService(new MyBatisNodeStore(db, writer, clock, ranges), clock);
            // 03-01: A 100, B 300 (and 60 s of uptime), C 100.  03-02: A 250, C 250, D 10.  03-03: B 5, D online.
            served(nodes, A, 100);
            served(nodes, B, 300);
            served(nodes, C, 100);
            nodes.recordHeartbeat(B, 1).join();
            clock.advance(Duration.ofSeconds(60));
            nodes.recordHeartbeat(B, 4).join();
            clock.advance(Duration.ofDays(1));
            served(nodes, A, 250);
            served(nodes, C, 250);
            served(nodes, D, 10);
            clock.advance(Duration.ofDays(1));
            served(nodes, B, 5);
            nodes.recordHeartbeat(D, 2).join();

            // A range: sums over its days; A and C tie at 350 and go by wallet, also across pages of one.
            assertEquals("A350 C350 B305 D10", names(all(nodes, "", "2026-03-01", "2026-03-03", false, ANY, "", 1)));
            assertEquals("A250 C250 D10 B5", names(all(nodes, "", "2026-03-02", "2026-03-03", false, ANY, "", 3)));
            assertEquals("A250 C250 D10 B5", names(all(nodes, "", "2026-03-02", "", false, ANY, "", 2)),
                    "start_date alone runs through today");
            // One day, and today by default.
            Leaderboard day = nodes.listNodes("2026-03-01", "", "", false, ANY, "", 10, "");
            assertEquals("B300 A100 C100", names(day.page().items()));
            assertTrue(day.period().oneDay());
            assertEquals(4, day.page().items().get(0).row().peersConnected(), "a day's row keeps its peer count");
            assertEquals("B5 D0", names(all(nodes, "", "", "", false, ANY, "", 10)), "today: D only beat");
            // All time, from the totals on the node rows.
            assertEquals("A350 C350 B305 D10", names(all(nodes, "", "", "", true, ANY, "", 3)));
            assertEquals("B305 A350 C350 D10", names(all(nodes, "", "", "", true, ANY, "uptime_ms desc", 2)));
            assertEquals(60_000, nodes.getNode(B).totals().uptimeMs());
            assertEquals(350, nodes.getNode(A).totals().bytesServed());
            assertEquals(2, nodes.getNode(A).totals().tasksCompleted());

            // Status now: D heartbeat a moment ago; the others never or two days ago.
            List<Leaderboard.Standing> online = all(nodes, "", "2026-03-01", "2026-03-03", false, ONLINE, "", 10);
            assertEquals("D10", names(online));
            assertTrue(online.get(0).online());
            assertEquals(clock.instant(), online.get(0).row().lastHeartbeatTime());
            assertEquals("A350 C350 B305", names(all(nodes, "", "2026-03-01", "2026-03-03", false, OFFLINE, "", 2)));
            assertEquals("D10", names(all(nodes, "", "", "", true, ONLINE, "", 10)));
            assertNull(all(nodes, "", "", "", true, OFFLINE, "", 10).get(0).row().lastHeartbeatTime(), "A never beat");
            clock.advance(Duration.ofMinutes(2).plusMillis(1));
            assertEquals("", names(all(nodes, "", "", "", true, ONLINE, "", 10)), "two minutes later D is offline");

            // Period rules.
            assertEquals(4, all(nodes, "", "2025-03-03", "2026-03-03", false, ANY, "", 10).size(),
                    "366 days in all is a period");
            assertField("end_date", () -> board(nodes, "", "2025-03-02", "2026-03-03", false));
            assertField("start_date", () -> board(nodes, "", "2026-03-04", "", false));
            assertField("end_date", () -> board(nodes, "", "2026-03-04", "2026-03-03", false));
            assertField("start_date", () -> board(nodes, "", "", "2026-03-03", false));
            assertField("all_time", () -> board(nodes, "", "2026-03-01", "", true));
            assertField("stats_date", () -> board(nodes, "2026-03-01", "2026-03-01", "", false));
            assertField("start_date", () -> board(nodes, "", "2026-3-1", "", false));
            String token = nodes.listNodes("", "2026-03-01", "2026-03-03", false, ANY, "", 1, "").page().nextPageToken();
            assertField("page_token", () -> nodes.listNodes("", "2026-03-01", "2026-03-02", false, ANY, "", 1, token));
            assertField("page_token", () -> nodes.listNodes("", "2026-03-01", "2026-03-03", false, ONLINE, "", 1, token));
        }
    }

    /** Lifetime totals are kept on the node row from V9 on; the migration sums what the schema before recorded. */
    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void migrationBackfillsLifetimeTotals(TestDatabase database) throws Exception {
        DatabaseUrl url = database.newDatabase();
        Flyway.configure().dataSource(url.jdbcUrl(), url.user(), url.password())
                .locations("classpath:db/migration").target("5").load().migrate();
        try (Connection c = java.sql.DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
             Statement st = c.createStatement()) {
            st.execute("INSERT INTO nodes (wallet_address) VALUES ('" + A + "'), ('" + B + "')");
            st.execute("INSERT INTO node_daily_metrics (wallet_address, stats_date, bytes_served, tasks_completed,"
                    + " uptime_ms) VALUES ('" + A + "', DATE '2026-01-01', 10, 1, 1000),"
                    + " ('" + A + "', DATE '2026-01-02', 32, 2, 500), ('" + B + "', DATE '2026-01-01', 7, 0, 0)");
        }
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (Database db = Database.open(url, meters);
             GroupCommitWriter writer = new GroupCommitWriter("node-test", db.sessions(), 64, 1000, meters)) {
            NodeMetricsService nodes = new NodeMetricsService(new MyBatisNodeStore(db, writer, clock), clock);
            NodeTotals a = nodes.getNode(A).totals();
            assertEquals(List.of(42L, 3L, 1500L), List.of(a.bytesServed(), a.tasksCompleted(), a.uptimeMs()));
            assertEquals("A42 B7", names(all(nodes, "", "", "", true, ANY, "", 10)));
            served(nodes, B, 100);
            assertEquals("B107 A42", names(all(nodes, "", "", "", true, ANY, "", 10)));
        }
    }

    static final Leaderboard.StatusFilter ANY = Leaderboard.StatusFilter.ANY;
    static final Leaderboard.StatusFilter ONLINE = Leaderboard.StatusFilter.ONLINE;
    static final Leaderboard.StatusFilter OFFLINE = Leaderboard.StatusFilter.OFFLINE;

    static void served(NodeMetricsService nodes, String wallet, long bytes) {
        nodes.trackContentServed(wallet, bytes, 1).join();
    }

    static Leaderboard board(NodeMetricsService nodes, String day, String start, String end, boolean allTime) {
        return nodes.listNodes(day, start, end, allTime, ANY, "", 10, "");
    }

    /** Every page, following the tokens. */
    static List<Leaderboard.Standing> all(NodeMetricsService nodes, String day, String start, String end,
                                          boolean allTime, Leaderboard.StatusFilter status, String orderBy,
                                          int pageSize) {
        List<Leaderboard.Standing> rows = new ArrayList<>();
        String token = "";
        do {
            Page<Leaderboard.Standing> page = nodes.listNodes(day, start, end, allTime, status, orderBy, pageSize, token)
                    .page();
            assertTrue(page.items().size() <= pageSize);
            rows.addAll(page.items());
            token = page.nextPageToken();
        } while (!token.isEmpty());
        return rows;
    }

    /** "A350 C350 …": each row's wallet letter and bytes served. */
    static String names(List<Leaderboard.Standing> rows) {
        StringBuilder sb = new StringBuilder();
        for (Leaderboard.Standing s : rows) {
            sb.append(sb.length() == 0 ? "" : " ").append(Character.toUpperCase(s.row().walletAddress().charAt(2)))
                    .append(s.row().bytesServed());
        }
        return sb.toString();
    }

    static void assertField(String field, org.junit.jupiter.api.function.Executable call) {
        assertEquals(field, assertThrows(AtlasException.class, call).field());
    }
}
