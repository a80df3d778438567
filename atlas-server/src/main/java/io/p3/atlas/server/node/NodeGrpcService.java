package io.p3.atlas.server.node;

import com.linecorp.armeria.server.annotation.Blocking;
import io.grpc.stub.StreamObserver;
import io.p3.atlas.server.error.AtlasException;
import io.p3.atlas.server.grpc.ProtoTimes;
import io.p3.atlas.server.grpc.PageReplies;
import io.p3.atlas.server.grpc.Replies;
import io.p3.atlas.v1.GetNodeRequest;
import io.p3.atlas.v1.GetNodeResponse;
import io.p3.atlas.v1.LeaderboardEntry;
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

/**
 * atlas.v1.NodeService: translates between protos and {@link NodeMetricsService}. The reads query the database
 * ({@code @Blocking}: run on the blocking executor); the writes only queue for the group-commit writer and reply
 * when it has committed, so they run on the event loop (no hand-off to the blocking executor per call).
 */
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
    @Blocking
    public void getNode(GetNodeRequest req, StreamObserver<GetNodeResponse> out) {
        Replies.reply(out, () -> {
            NodeView v = nodes.getNode(req.getWalletAddress());
            Node.Builder b = Node.newBuilder()
                    .setWalletAddress(v.totals().walletAddress())
                    .setStatus(status(v.online()))
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
    @Blocking
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
    @Blocking
    public void listNodes(ListNodesRequest req, StreamObserver<ListNodesResponse> out) {
        Replies.reply(out, () -> {
            Leaderboard board = nodes.listNodes(req.getStatsDate(), req.getStartDate(), req.getEndDate(),
                    req.getAllTime(), statusFilter(req.getStatus()), req.getOrderBy(), req.getPageSize(),
                    req.getPageToken());
            LeaderboardPeriod period = board.period();
            ListNodesResponse.Builder b = ListNodesResponse.newBuilder();
            PageReplies.fill(board.page(), NodeGrpcService::toEntry, b::addEntries, b::setNextPageToken);
            if (!period.allTime()) {
                b.setStartDate(period.start().toString()).setEndDate(period.end().toString());
            }
            if (period.oneDay()) {
                board.page().items().forEach(s -> b.addDailyMetrics(toProto(new DailyMetrics(s.row().walletAddress(),
                        period.start(), s.row().bytesServed(), s.row().tasksCompleted(), s.row().uptimeMs(),
                        s.row().peersConnected(), s.row().dayHeartbeatTime()))));
            }
            return b.build();
        });
    }

    static Leaderboard.StatusFilter statusFilter(NodeStatus status) {
        return switch (status) {
            case NODE_STATUS_UNSPECIFIED -> Leaderboard.StatusFilter.ANY;
            case NODE_STATUS_ONLINE -> Leaderboard.StatusFilter.ONLINE;
            case NODE_STATUS_OFFLINE -> Leaderboard.StatusFilter.OFFLINE;
            case UNRECOGNIZED -> throw AtlasException.invalidArgument("status",
                    "status must be NODE_STATUS_ONLINE or NODE_STATUS_OFFLINE");
        };
    }

    static LeaderboardEntry toEntry(Leaderboard.Standing s) {
        LeaderboardRow r = s.row();
        LeaderboardEntry.Builder b = LeaderboardEntry.newBuilder()
                .setWalletAddress(r.walletAddress())
                .setBytesServed(r.bytesServed())
                .setTasksCompleted(r.tasksCompleted())
                .setUptimeMs(r.uptimeMs())
                .setStatus(status(s.online()));
        if (r.lastHeartbeatTime() != null) {
            b.setLastHeartbeatTime(ProtoTimes.toProto(r.lastHeartbeatTime()));
        }
        return b.build();
    }

    static NodeStatus status(boolean online) {
        return online ? NodeStatus.NODE_STATUS_ONLINE : NodeStatus.NODE_STATUS_OFFLINE;
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
