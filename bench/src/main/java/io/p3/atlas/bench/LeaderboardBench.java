package io.p3.atlas.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.p3.atlas.server.batch.GroupCommitWriter;
import io.p3.atlas.server.node.Leaderboard;
import io.p3.atlas.server.node.MyBatisNodeStore;
import io.p3.atlas.server.node.NodeMetricsService;
import io.p3.atlas.server.node.RangeLeaderboardCache;
import io.p3.atlas.server.persistence.Database;
import io.p3.atlas.server.persistence.DatabaseKind;
import io.p3.atlas.server.persistence.DatabaseUrl;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Leaderboard pages over a filled node_daily_metrics table: {@code wallets} nodes with a row on each of the
 * last {@code days} days, read through NodeMetricsService as ListNodes does: a range ranked on every call
 * (ATLAS_LEADERBOARD_CACHE_TTL=PT0S) and ranked once then paged from memory (the default), one day, all time
 * (ranked per call and from memory). Run by hand on PostgreSQL
 * (it fills the tables with generate_series, so it needs an empty database):
 *
 * <pre>
 * ./mvnw -q -DskipTests package
 * DATABASE_URL=postgres://user:pass@localhost:5432/atlas_leaderboard \
 *   java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" io.p3.atlas.bench.LeaderboardBench 10000 30 50
 * </pre>
 * Arguments: wallets (default 10 000), days (default 30), timed calls per case (default 50). Prints the
 * median and the 95th percentile of each case, in milliseconds.
 */
public final class LeaderboardBench {
    private LeaderboardBench() {
    }

    public static void main(String[] args) throws Exception {
        int wallets = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int days = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int calls = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        DatabaseUrl url = DatabaseUrl.resolve(Optional.ofNullable(System.getenv("DATABASE_URL")),
                Files.createTempDirectory("atlas-bench-"));
        if (url.kind() != DatabaseKind.POSTGRESQL) {
            throw new IllegalArgumentException("set DATABASE_URL to an empty PostgreSQL database");
        }
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (Database db = Database.open(url, meters);
             GroupCommitWriter writer = new GroupCommitWriter("bench", db.sessions(), 256, 1000, meters)) {
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            long t0 = System.nanoTime();
            fill(db, wallets, days, today);
            System.out.printf("filled %,d wallets x %d days (%,d rows) in %.1f s; %s%n", wallets, days,
                    (long) wallets * days, (System.nanoTime() - t0) / 1e9, url.describe());
            NodeMetricsService direct = new NodeMetricsService(
                    new MyBatisNodeStore(db, writer, Clock.systemUTC()), Clock.systemUTC());
            NodeMetricsService nodes = new NodeMetricsService(new MyBatisNodeStore(db, writer, Clock.systemUTC(),
                    new RangeLeaderboardCache(Duration.ofMinutes(10), meters)), Clock.systemUTC());
            String start = today.minusDays(days - 1).toString();
            String end = today.toString();
            Leaderboard.StatusFilter any = Leaderboard.StatusFilter.ANY;
            String deep = direct.listNodes("", start, end, false, any, "", 1000, "").page().nextPageToken();
            time("range, first page, ranked per call", calls,
                    () -> direct.listNodes("", start, end, false, any, "", 50, ""));
            time("range, first page, online, per call", calls,
                    () -> direct.listNodes("", start, end, false, Leaderboard.StatusFilter.ONLINE, "", 50, ""));
            time("range, first page of 50, bytes", calls,
                    () -> nodes.listNodes("", start, end, false, any, "", 50, ""));
            time("range, first page of 50, uptime", calls,
                    () -> nodes.listNodes("", start, end, false, any, "uptime_ms desc", 50, ""));
            time("range, page after 1000 rows", calls,
                    () -> nodes.listNodes("", start, end, false, any, "", 50, deep));
            time("range, online only", calls,
                    () -> nodes.listNodes("", start, end, false, Leaderboard.StatusFilter.ONLINE, "", 50, ""));
            time("one day, first page of 50", calls,
                    () -> nodes.listNodes("", "", "", false, any, "", 50, ""));
            time("all time, first page, ranked per call", calls,
                    () -> direct.listNodes("", "", "", true, any, "", 50, ""));
            time("all time, first page of 50", calls,
                    () -> nodes.listNodes("", "", "", true, any, "", 50, ""));
        }
    }

    /** Node rows (a tenth of them online now) and one daily row per wallet and day, then ANALYZE. */
    private static void fill(Database db, int wallets, int days, LocalDate today) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO node_daily_metrics (wallet_address, stats_date,"
                    + " bytes_served, tasks_completed, uptime_ms, peers_connected)"
                    + " SELECT '0x' || lpad(to_hex(w), 40, '0'), ?::date - d, (w * 7919 + d * 104729) % 1000000000,"
                    + " (w + d) % 100, (w * 31 + d) % 86400000, w % 50"
                    + " FROM generate_series(1, ?) w, generate_series(0, ? - 1) d")) {
                ps.setObject(1, today);
                ps.setInt(2, wallets);
                ps.setInt(3, days);
                st.execute("INSERT INTO nodes (wallet_address, last_heartbeat_time)"
                        + " SELECT '0x' || lpad(to_hex(w), 40, '0'),"
                        + " CASE WHEN w % 10 = 0 THEN now() ELSE now() - interval '1 hour' END"
                        + " FROM generate_series(1, " + wallets + ") w");
                ps.execute();
            }
            st.execute("UPDATE nodes SET bytes_served = s.b, tasks_completed = s.t, uptime_ms = s.u"
                    + " FROM (SELECT wallet_address, SUM(bytes_served) b, SUM(tasks_completed) t, SUM(uptime_ms) u"
                    + " FROM node_daily_metrics GROUP BY wallet_address) s WHERE s.wallet_address = nodes.wallet_address");
            st.execute("VACUUM ANALYZE nodes");
            st.execute("VACUUM ANALYZE node_daily_metrics");
        }
    }

    private static void time(String name, int calls, Supplier<Leaderboard> call) {
        for (int i = 0; i < 5; i++) {
            call.get(); // warm-up: JIT, plan cache, buffers
        }
        long[] nanos = new long[calls];
        int rows = 0;
        for (int i = 0; i < calls; i++) {
            long t = System.nanoTime();
            rows = call.get().page().items().size();
            nanos[i] = System.nanoTime() - t;
        }
        Arrays.sort(nanos);
        System.out.printf("%-36s %3d rows  median %7.2f ms  p95 %7.2f ms%n", name, rows,
                nanos[calls / 2] / 1e6, nanos[Math.min(calls - 1, (int) Math.ceil(calls * 0.95) - 1)] / 1e6);
    }
}
