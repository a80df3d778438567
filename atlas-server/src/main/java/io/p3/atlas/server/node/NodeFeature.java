package io.p3.atlas.server.node;

import io.grpc.BindableService;
import io.p3.atlas.server.batch.GroupCommitWriter;
import io.p3.atlas.server.feature.Feature;
import io.p3.atlas.server.feature.FeatureContext;
import io.p3.atlas.server.persistence.DatabaseKind;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * NodeService assembled for the composition root: the group-commit writer, store, rules and gRPC
 * service. Closing it commits the writes already queued.
 */
public final class NodeFeature implements Feature {
    /** Writes committed per transaction at most, and writes waiting at most before RESOURCE_EXHAUSTED. */
    private static final int MAX_BATCH = 256;
    private static final int QUEUE_CAPACITY = 10_000;

    private final GroupCommitWriter writer;
    private final NodeGrpcService grpc;
    private final NodeMetricsService nodes;

    public NodeFeature(FeatureContext ctx) {
        NodeConfig config = NodeConfig.from(ctx.env());
        // Lanes overlap batches on PostgreSQL (worth it when the database has cores to spare: on one small machine
        // shared with the server, one lane's larger batches cost the database less; see README "Performance").
        // H2 is embedded and single-process: one lane.
        this.writer = new GroupCommitWriter("node", ctx.db().sessions(),
                ctx.db().kind() == DatabaseKind.POSTGRESQL ? config.writeLanes() : 1, MAX_BATCH, QUEUE_CAPACITY,
                ctx.meters());
        RangeLeaderboardCache ranges = config.leaderboardCacheTtl().isZero() ? null
                : new RangeLeaderboardCache(config.leaderboardCacheTtl(), ctx.meters());
        NodeMetricsService nodes = new NodeMetricsService(new MyBatisNodeStore(ctx.db(), writer, ctx.clock(), ranges),
                ctx.clock());
        this.nodes = nodes;
        this.grpc = new NodeGrpcService(nodes);
    }

    /**
     * Credits the work a relay of {@code wallet} reported to its node metrics (bytes, tasks, and a heartbeat for
     * uptime) through the same durable write path as NodeService; completes after the commit.
     */
    public CompletableFuture<DailyMetrics> creditRelay(String wallet, long bytes, long tasks) {
        return nodes.creditRelay(wallet, bytes, tasks);
    }

    /** Tells {@code listener} after each write that registered a node or brought it online. */
    public void onChange(NodeEvents listener) {
        nodes.onChange(listener);
    }

    /** Nodes last seen at or after {@code from} and before {@code before} (null: no bound), by wallet. */
    public List<NodeTotals> seenBetween(Instant from, Instant before, int limit) {
        return nodes.seenBetween(from, before, limit);
    }

    /** atlas.v1.NodeService. */
    @Override
    public List<BindableService> grpcServices() {
        return List.of(grpc);
    }

    @Override
    public void close() {
        writer.close();
    }
}
