package io.p3.atlas.server.relay;

import io.grpc.stub.StreamObserver;
import io.p3.atlas.server.grpc.PageReplies;
import io.p3.atlas.server.grpc.Replies;
import io.p3.atlas.v1.DeregisterRelayRequest;
import io.p3.atlas.v1.DeregisterRelayResponse;
import io.p3.atlas.v1.GetRelayRequest;
import io.p3.atlas.v1.GetRelayResponse;
import io.p3.atlas.v1.ListRelaysRequest;
import io.p3.atlas.v1.ListRelaysResponse;
import io.p3.atlas.v1.RegisterRelayRequest;
import io.p3.atlas.v1.RegisterRelayResponse;
import io.p3.atlas.v1.RelayHeartbeatRequest;
import io.p3.atlas.v1.RelayHeartbeatResponse;
import io.p3.atlas.v1.SelectRelayRequest;
import io.p3.atlas.v1.SelectRelayResponse;
import io.p3.atlas.v1.StreamServiceGrpc;

/**
 * The relay RPCs of atlas.v1.StreamService, translated to {@link RelayService}. The contract serves them
 * in one service with the asset RPCs, so the content feature's adapter delegates these methods here; the
 * asset methods are not implemented by this half.
 */
public final class RelayGrpcService implements StreamServiceGrpc.AsyncService {
    private final RelayService relays;

    public RelayGrpcService(RelayService relays) {
        this.relays = relays;
    }

    @Override
    public void registerRelay(RegisterRelayRequest req, StreamObserver<RegisterRelayResponse> out) {
        io.p3.atlas.v1.Relay r = req.getRelay();
        Replies.replyLater(out, () -> relays.register(r.getId(), r.getWalletAddress(), r.getEndpointUrl(),
                r.getRegion(), r.getCapacityMbps()),
                s -> RegisterRelayResponse.newBuilder().setRelay(RelayProtos.toProto(s)).build());
    }

    @Override
    public void relayHeartbeat(RelayHeartbeatRequest req, StreamObserver<RelayHeartbeatResponse> out) {
        Replies.replyLater(out, () -> relays.heartbeat(req.getId(), req.getActiveStreams(), req.getLoad(),
                req.getBytesServedDelta(), req.getTasksCompletedDelta()),
                s -> RelayHeartbeatResponse.newBuilder().setRelay(RelayProtos.toProto(s)).build());
    }

    @Override
    public void listRelays(ListRelaysRequest req, StreamObserver<ListRelaysResponse> out) {
        Replies.reply(out, () -> {
            ListRelaysResponse.Builder b = ListRelaysResponse.newBuilder();
            PageReplies.fill(relays.list(req.getRegion(), RelayProtos.statusFilter(req.getStatus()),
                    req.getPageSize(), req.getPageToken()), RelayProtos::toProto, b::addRelays, b::setNextPageToken);
            return b.build();
        });
    }

    @Override
    public void getRelay(GetRelayRequest req, StreamObserver<GetRelayResponse> out) {
        Replies.reply(out, () -> GetRelayResponse.newBuilder()
                .setRelay(RelayProtos.toProto(relays.get(req.getId()))).build());
    }

    @Override
    public void deregisterRelay(DeregisterRelayRequest req, StreamObserver<DeregisterRelayResponse> out) {
        Replies.reply(out, () -> {
            relays.deregister(req.getId());
            return DeregisterRelayResponse.getDefaultInstance();
        });
    }

    @Override
    public void selectRelay(SelectRelayRequest req, StreamObserver<SelectRelayResponse> out) {
        Replies.reply(out, () -> {
            RelayService.Selection s = relays.select(req.getStreamId(), req.getRegion(), req.getMaxAlternatives());
            SelectRelayResponse.Builder b = SelectRelayResponse.newBuilder().setRelay(RelayProtos.toProto(s.chosen()));
            s.alternatives().forEach(a -> b.addAlternatives(RelayProtos.toProto(a)));
            return b.build();
        });
    }
}
