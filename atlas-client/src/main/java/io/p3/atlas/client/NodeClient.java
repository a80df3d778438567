package io.p3.atlas.client;

import io.grpc.Channel;
import io.p3.atlas.v1.GetNodeRequest;
import io.p3.atlas.v1.ListDailyMetricsRequest;
import io.p3.atlas.v1.ListDailyMetricsResponse;
import io.p3.atlas.v1.ListNodesRequest;
import io.p3.atlas.v1.ListNodesResponse;
import io.p3.atlas.v1.Node;
import io.p3.atlas.v1.NodeDailyMetrics;
import io.p3.atlas.v1.NodeServiceGrpc;
import io.p3.atlas.v1.RecordHeartbeatRequest;
import io.p3.atlas.v1.TrackContentServedRequest;
import java.time.LocalDate;
import java.util.List;

/** NodeService for node operators and dashboards. Wallets: {@code 0x} + 40 hex digits, any case. */
public final class NodeClient {
    /** Leaderboard orders accepted by {@link #leaderboard}. */
    public enum Order {
        BYTES_SERVED("bytes_served desc"),
        UPTIME("uptime_ms desc");

        final String orderBy;

        Order(String orderBy) {
            this.orderBy = orderBy;
        }
    }

    private final NodeServiceGrpc.NodeServiceBlockingStub stub;
    private final CallOptionsSupport calls;

    NodeClient(Channel channel, CallOptionsSupport calls) {
        this.stub = NodeServiceGrpc.newBlockingStub(channel);
        this.calls = calls;
    }

    /** Reports a heartbeat; returns today's (UTC) metrics including the uptime it added. */
    public NodeDailyMetrics heartbeat(String wallet, int peersConnected) {
        return CallOptionsSupport.call(() -> calls.withDeadline(stub).recordHeartbeat(RecordHeartbeatRequest.newBuilder()
                .setWalletAddress(wallet).setPeersConnected(peersConnected).build()).getToday());
    }

    /** Adds served bytes and completed tasks; returns today's (UTC) metrics. */
    public NodeDailyMetrics trackContentServed(String wallet, long bytes, long tasksCompleted) {
        return CallOptionsSupport.call(() -> calls.withDeadline(stub).trackContentServed(
                TrackContentServedRequest.newBuilder().setWalletAddress(wallet).setBytes(bytes)
                        .setTasksCompleted(tasksCompleted).build()).getToday());
    }

    /** Lifetime totals, online status and today's metrics; NOT_FOUND for an unknown wallet. */
    public Node getNode(String wallet) {
        return CallOptionsSupport.call(() -> calls.withDeadline(stub)
                .getNode(GetNodeRequest.newBuilder().setWalletAddress(wallet).build()).getNode());
    }

    /** Every daily row from {@code start} to {@code end} (inclusive; null for open), oldest first. */
    public List<NodeDailyMetrics> dailyMetrics(String wallet, LocalDate start, LocalDate end) {
        return listDailyMetrics(wallet, start, end).toList();
    }

    /** The daily rows from {@code start} to {@code end} (inclusive; null for open), oldest first, lazily. */
    public Paged<NodeDailyMetrics> listDailyMetrics(String wallet, LocalDate start, LocalDate end) {
        return Paged.of((token, size) -> CallOptionsSupport.call(() -> calls.withDeadline(stub).listDailyMetrics(
                ListDailyMetricsRequest.newBuilder().setWalletAddress(wallet)
                        .setStartDate(start == null ? "" : start.toString()).setEndDate(end == null ? "" : end.toString())
                        .setPageSize(size).setPageToken(token).build())),
                ListDailyMetricsResponse::getDailyMetricsList, ListDailyMetricsResponse::getNextPageToken);
    }

    /** The top {@code limit} nodes of a UTC day ({@code null}: today) by the given order. */
    public List<NodeDailyMetrics> leaderboard(LocalDate day, Order order, int limit) {
        return listNodes(day, order).first(limit);
    }

    /** Every node of a UTC day ({@code null}: today) by the given order, lazily. */
    public Paged<NodeDailyMetrics> listNodes(LocalDate day, Order order) {
        return Paged.of((token, size) -> CallOptionsSupport.call(() -> calls.withDeadline(stub).listNodes(
                ListNodesRequest.newBuilder().setStatsDate(day == null ? "" : day.toString())
                        .setOrderBy(order.orderBy).setPageSize(size).setPageToken(token).build())),
                ListNodesResponse::getDailyMetricsList, ListNodesResponse::getNextPageToken);
    }
}
