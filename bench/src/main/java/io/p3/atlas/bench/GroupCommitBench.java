package io.p3.atlas.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.p3.atlas.server.batch.GroupCommitWriter;
import io.p3.atlas.server.node.MyBatisNodeStore;
import io.p3.atlas.server.node.NodeMapper;
import io.p3.atlas.server.node.NodeMetricsService;
import io.p3.atlas.server.persistence.Database;
import io.p3.atlas.server.persistence.DatabaseUrl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Durable node writes with group commit against the same writes committed one per transaction, in the
 * same run on the same database. Run by hand (ideally on PostgreSQL, where each commit is an fsync):
 *
 * <pre>
 * ./mvnw -q -DskipTests package
 * DATABASE_URL=postgres://user:pass@localhost:5432/atlas_bench \
 *   java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" io.p3.atlas.bench.GroupCommitBench 64 10
 * </pre>
 * Arguments: concurrent writers (default 64), seconds per side (default 10). Prints writes/s of each and
 * the ratio.
 */
public final class GroupCommitBench {
    private GroupCommitBench() {
    }

    public static void main(String[] args) throws Exception {
        int writers = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        Duration each = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 10);
        Path dataDir = Files.createTempDirectory("atlas-bench-");
        DatabaseUrl url = DatabaseUrl.resolve(Optional.ofNullable(System.getenv("DATABASE_URL")), dataDir);
        System.out.println("database: " + url.describe() + ", writers: " + writers + ", " + each.toSeconds() + " s each");
        try (Database db = Database.open(url, new SimpleMeterRegistry(), List.of(NodeMapper.class))) {
            double baseline = run(db, 1, writers, each);
            double grouped = run(db, 256, writers, each);
            System.out.printf("one commit per write: %,.0f writes/s%n", baseline);
            System.out.printf("group commit:         %,.0f writes/s%n", grouped);
            System.out.printf("ratio (group / one-per-write): %.2fx%n", grouped / baseline);
        } finally {
            try (var walk = Files.walk(dataDir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static double run(Database db, int maxBatch, int writers, Duration duration) throws Exception {
        try (GroupCommitWriter writer = new GroupCommitWriter("bench-" + maxBatch, db.sessions(), maxBatch,
                100_000, new SimpleMeterRegistry())) {
            NodeMetricsService nodes = new NodeMetricsService(
                    new MyBatisNodeStore(db, writer, Clock.systemUTC()), Clock.systemUTC());
            AtomicLong done = new AtomicLong();
            long deadline = System.nanoTime() + duration.toNanos();
            List<CompletableFuture<Void>> clients = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                String wallet = String.format("0x%040x", w + (long) maxBatch * 1_000_000);
                clients.add(CompletableFuture.runAsync(() -> {
                    while (System.nanoTime() < deadline) {
                        nodes.trackContentServed(wallet, 1024, 1).join();
                        done.incrementAndGet();
                    }
                }, command -> new Thread(command).start()));
            }
            CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).get();
            return done.get() / (double) duration.toSeconds();
        }
    }
}
