package io.p3.atlas.server.relay;

import io.p3.atlas.server.error.AtlasException;
import io.p3.atlas.server.grpc.ProtoTimes;
import io.p3.atlas.v1.RelayStatus;

/** Relay domain ⇄ atlas.v1 protos (StreamService's relay RPCs). */
final class RelayProtos {
    private RelayProtos() {
    }

    static io.p3.atlas.v1.Relay toProto(RelayService.RelayState s) {
        Relay r = s.relay();
        return io.p3.atlas.v1.Relay.newBuilder()
                .setId(r.id())
                .setWalletAddress(r.walletAddress())
                .setEndpointUrl(r.endpointUrl())
                .setRegion(r.region())
                .setCapacityMbps(r.capacityMbps())
                .setActiveStreams(r.activeStreams())
                .setLoad(r.load())
                .setStatus(s.online() ? RelayStatus.RELAY_STATUS_ONLINE : RelayStatus.RELAY_STATUS_OFFLINE)
                .setLastHeartbeatTime(ProtoTimes.toProto(r.lastHeartbeatTime()))
                .build();
    }

    static RelayService.StatusFilter statusFilter(RelayStatus status) {
        return switch (status) {
            case RELAY_STATUS_UNSPECIFIED -> RelayService.StatusFilter.ANY;
            case RELAY_STATUS_ONLINE -> RelayService.StatusFilter.ONLINE;
            case RELAY_STATUS_OFFLINE -> RelayService.StatusFilter.OFFLINE;
            case UNRECOGNIZED -> throw AtlasException.invalidArgument("status",
                    "status must be one of online, offline (or RELAY_STATUS_ONLINE, RELAY_STATUS_OFFLINE)");
        };
    }
}
