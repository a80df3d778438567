package io.p3.atlas.server.node;

import io.grpc.BindableService;
import io.micrometer.core.instrument.MeterRegistry;
import io.p3.atlas.server.batch.GroupCommitWriter;
import io.p3.atlas.server.persistence.Database;
import java.time.Clock;

/**
 * NodeService assembled for the composition root: the group-commit writer, store, rules and gRPC
 * service. Closing it commits the writes already queued.
 */
public final class NodeFeature implements AutoCloseable {
    /** Writes committed per transaction at most, and writes waiting at most before RESOURCE_EXHAUSTED. */
    private static final int MAX_BATCH = 256;
    private static final int QUEUE_CAPACITY = 10_000;

    private final GroupCommitWriter writer;
    private final NodeGrpcService grpc;

    private NodeFeature(GroupCommitWriter writer, NodeGrpcService grpc) {
        this.writer = writer;
        this.grpc = grpc;
    }

    public static NodeFeature create(Database db, MeterRegistry meters, Clock clock) {
        GroupCommitWriter writer = new GroupCommitWriter("node", db.sessions(), MAX_BATCH, QUEUE_CAPACITY, meters);
        NodeMetricsService nodes = new NodeMetricsService(new MyBatisNodeStore(db, writer, clock), clock);
        return new NodeFeature(writer, new NodeGrpcService(nodes));
    }

    /** atlas.v1.NodeService, for the GrpcService builder. */
    public BindableService grpcService() {
        return grpc;
    }

    @Override
    public void close() {
        writer.close();
    }
}
