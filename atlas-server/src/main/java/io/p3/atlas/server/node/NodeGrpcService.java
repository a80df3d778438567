package io.p3.atlas.server.node;

import com.linecorp.armeria.server.annotation.Blocking;
import io.grpc.stub.StreamObserver;
import io.p3.atlas.server.grpc.ProtoTimes;
import io.p3.atlas.server.grpc.PageReplies;
import io.p3.atlas.server.grpc.Replies;
import io.p3.atlas.v1.GetNodeRequest;
import io.p3.atlas.v1.GetNodeResponse;
import io.p3.atlas.v1.ListDailyMetricsRequest;
import io.p3.atlas.v1.ListDailyMetricsResponse;
import io.p3.atlas.v1.ListNodesRequest;
import io.p3.atlas.v1.ListNodesResponse;
import io.p3.atlas.v1.Node;
import io.p3.atlas.v1.NodeDailyMetrics;
import io.p3.atlas.v1.NodeServiceGrpc;
import io.p3.atlas.v1.NodeStatus;
import io.p3.atlas.v1.RecordHeartbeatRequest;
import io.p3.atlas.v1.RecordHeartbeatResponse;
import io.p3.atlas.v1.TrackContentServedRequest;
import io.p3.atlas.v1.TrackContentServedResponse;

/** atlas.v1.NodeService: translates between protos and {@link NodeMetricsService}. */
@Blocking // every RPC may reach the database: run on the blocking executor
public final class NodeGrpcService extends NodeServiceGrpc.NodeServiceImplBase {
    private final NodeMetricsService nodes;

    public NodeGrpcService(NodeMetricsService nodes) {
        this.nodes = nodes;
    }

    @Override
    public void recordHeartbeat(RecordHeartbeatRequest req, StreamObserver<RecordHeartbeatResponse> out) {
        Replies.replyLater(out, () -> nodes.recordHeartbeat(req.getWalletAddress(), req.getPeersConnected()),
                m -> RecordHeartbeatResponse.newBuilder().setToday(toProto(m)).build());
    }

    @Override
    public void trackContentServed(TrackContentServedRequest req, StreamObserver<TrackContentServedResponse> out) {
        Replies.replyLater(out,
                () -> nodes.trackContentServed(req.getWalletAddress(), req.getBytes(), req.getTasksCompleted()),
                m -> TrackContentServedResponse.newBuilder().setToday(toProto(m)).build());
    }

    @Override
    public void getNode(GetNodeRequest req, StreamObserver<GetNodeResponse> out) {
        Replies.reply(out, () -> {
            NodeView v = nodes.getNode(req.getWalletAddress());
            Node.Builder b = Node.newBuilder()
                    .setWalletAddress(v.totals().walletAddress())
                    .setStatus(v.online() ? NodeStatus.NODE_STATUS_ONLINE : NodeStatus.NODE_STATUS_OFFLINE)
                    .setBytesServed(v.totals().bytesServed())
                    .setUptimeMs(v.totals().uptimeMs())
                    .setTasksCompleted(v.totals().tasksCompleted())
                    .setToday(toProto(v.today()));
            if (v.totals().lastHeartbeatTime() != null) {
                b.setLastHeartbeatTime(ProtoTimes.toProto(v.totals().lastHeartbeatTime()));
            }
            return GetNodeResponse.newBuilder().setNode(b).build();
        });
    }

    @Override
    public void listDailyMetrics(ListDailyMetricsRequest req, StreamObserver<ListDailyMetricsResponse> out) {
        Replies.reply(out, () -> {
            ListDailyMetricsResponse.Builder b = ListDailyMetricsResponse.newBuilder();
            PageReplies.fill(nodes.listDailyMetrics(req.getWalletAddress(), req.getStartDate(), req.getEndDate(),
                    req.getPageSize(), req.getPageToken()), NodeGrpcService::toProto, b::addDailyMetrics,
                    b::setNextPageToken);
            return b.build();
        });
    }

    @Override
    public void listNodes(ListNodesRequest req, StreamObserver<ListNodesResponse> out) {
        Replies.reply(out, () -> {
            ListNodesResponse.Builder b = ListNodesResponse.newBuilder();
            PageReplies.fill(nodes.listNodes(req.getStatsDate(), req.getOrderBy(), req.getPageSize(),
                    req.getPageToken()), NodeGrpcService::toProto, b::addDailyMetrics, b::setNextPageToken);
            return b.build();
        });
    }

    static NodeDailyMetrics toProto(DailyMetrics m) {
        NodeDailyMetrics.Builder b = NodeDailyMetrics.newBuilder()
                .setWalletAddress(m.walletAddress())
                .setStatsDate(m.statsDate().toString())
                .setBytesServed(m.bytesServed())
                .setTasksCompleted(m.tasksCompleted())
                .setUptimeMs(m.uptimeMs())
                .setPeersConnected(m.peersConnected());
        if (m.lastHeartbeatTime() != null) {
            b.setLastHeartbeatTime(ProtoTimes.toProto(m.lastHeartbeatTime()));
        }
        return b.build();
    }
}
