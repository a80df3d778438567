package io.p3.atlas.client;

import io.grpc.Channel;
import io.p3.atlas.v1.DeregisterRelayRequest;
import io.p3.atlas.v1.GetRelayRequest;
import io.p3.atlas.v1.ListRelaysRequest;
import io.p3.atlas.v1.ListRelaysResponse;
import io.p3.atlas.v1.RegisterRelayRequest;
import io.p3.atlas.v1.Relay;
import io.p3.atlas.v1.RelayHeartbeatRequest;
import io.p3.atlas.v1.RelayStatus;
import io.p3.atlas.v1.SelectRelayRequest;
import io.p3.atlas.v1.StreamServiceGrpc;
import java.util.List;

/** StreamService media relays: registration, heartbeats, listing and selection for playback. */
public final class RelayClient {
    private final StreamServiceGrpc.StreamServiceBlockingStub stub;
    private final CallOptionsSupport calls;

    RelayClient(Channel channel, CallOptionsSupport calls) {
        this.stub = StreamServiceGrpc.newBlockingStub(channel);
        this.calls = calls;
    }

    public Relay register(Relay relay) {
        return CallOptionsSupport.call(() -> calls.withDeadline(stub)
                .registerRelay(RegisterRelayRequest.newBuilder().setRelay(relay).build()).getRelay());
    }

    /** Reports load; a relay without a heartbeat for 2 minutes is OFFLINE and never selected. */
    public Relay heartbeat(String id, int activeStreams, double load) {
        return heartbeat(id, activeStreams, load, 0, 0);
    }

    /**
     * Reports load and the bytes and tasks served since the previous heartbeat, credited to the relay's wallet
     * in NodeService's metrics. Not repeated after UNAVAILABLE when it carries bytes or tasks (they add up).
     */
    public Relay heartbeat(String id, int activeStreams, double load, long bytesServedDelta, long tasksCompletedDelta) {
        return CallOptionsSupport.call(() -> calls.withDeadline(stub).relayHeartbeat(RelayHeartbeatRequest.newBuilder()
                .setId(id).setActiveStreams(activeStreams).setLoad(load).setBytesServedDelta(bytesServedDelta)
                .setTasksCompletedDelta(tasksCompletedDelta).build()).getRelay());
    }

    public Relay get(String id) {
        return CallOptionsSupport.call(() -> calls.withDeadline(stub)
                .getRelay(GetRelayRequest.newBuilder().setId(id).build()).getRelay());
    }

    /** Relays in {@code region} (null: all) with {@code status} (UNSPECIFIED: any), following pages. */
    public List<Relay> list(String region, RelayStatus status) {
        return listRelays(region, status).toList();
    }

    /** Relays in {@code region} (null: all) with {@code status} (UNSPECIFIED: any), by id, lazily. */
    public Paged<Relay> listRelays(String region, RelayStatus status) {
        return Paged.of((token, size) -> CallOptionsSupport.call(() -> calls.withDeadline(stub).listRelays(
                ListRelaysRequest.newBuilder().setRegion(region == null ? "" : region).setStatus(status)
                        .setPageSize(size).setPageToken(token).build())),
                ListRelaysResponse::getRelaysList, ListRelaysResponse::getNextPageToken);
    }

    public void deregister(String id) {
        CallOptionsSupport.call(() -> calls.withDeadline(stub)
                .deregisterRelay(DeregisterRelayRequest.newBuilder().setId(id).build()));
    }

    /**
     * The relay to play {@code streamId} from (sticky per stream), preferring {@code region}; UNAVAILABLE if no
     * relay is eligible. {@code selectRelay} on the stub also returns the alternatives to fail over to.
     */
    public Relay select(String streamId, String region) {
        return CallOptionsSupport.call(() -> calls.withDeadline(stub).selectRelay(SelectRelayRequest.newBuilder()
                .setStreamId(streamId == null ? "" : streamId).setRegion(region == null ? "" : region).build())
                .getRelay());
    }
}
