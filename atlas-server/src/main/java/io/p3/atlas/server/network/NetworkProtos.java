package io.p3.atlas.server.network;

import com.google.protobuf.InvalidProtocolBufferException;
import io.p3.atlas.server.grpc.ProtoTimes;
import io.p3.atlas.v1.NetworkEvent;
import io.p3.atlas.v1.NetworkEventType;
import io.p3.atlas.v1.NodeStatus;
import io.p3.atlas.v1.Relay;
import io.p3.atlas.v1.RelayStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;

/** Network changes ⇄ atlas.v1 messages, and their text form in notifications (base64 of the message). */
final class NetworkProtos {
    /** A node or relay is online while its latest heartbeat is at most this old (NodeService, StreamService). */
    static final Duration ONLINE_WINDOW = Duration.ofMinutes(2);
    private static final Set<NetworkChange.Kind> GONE = EnumSet.of(NetworkChange.Kind.NODE_OFFLINE,
            NetworkChange.Kind.RELAY_OFFLINE, NetworkChange.Kind.RELAY_EXPIRED, NetworkChange.Kind.RELAY_DEREGISTERED);

    private NetworkProtos() {
    }

    static NetworkEvent toProto(NetworkChange c) {
        NetworkEvent.Builder b = NetworkEvent.newBuilder()
                .setType(NetworkEventType.valueOf("NETWORK_EVENT_TYPE_" + c.kind().name()))
                .setEventTime(ProtoTimes.toProto(c.time()));
        boolean gone = GONE.contains(c.kind());
        if (c.node() != null) {
            b.setNode(toProto(c.node(), !gone && online(c.node().lastHeartbeatTime(), c.time())));
        } else {
            b.setRelay(toProto(c.relay(), !gone && online(c.relay().lastHeartbeatTime(), c.time())));
        }
        return b.build();
    }

    static io.p3.atlas.v1.NodePresence toProto(NodePresence n, boolean online) {
        io.p3.atlas.v1.NodePresence.Builder b = io.p3.atlas.v1.NodePresence.newBuilder()
                .setWalletAddress(n.walletAddress())
                .setStatus(online ? NodeStatus.NODE_STATUS_ONLINE : NodeStatus.NODE_STATUS_OFFLINE);
        if (n.lastHeartbeatTime() != null) {
            b.setLastHeartbeatTime(ProtoTimes.toProto(n.lastHeartbeatTime()));
        }
        return b.build();
    }

    static Relay toProto(RelayPresence r, boolean online) {
        return Relay.newBuilder()
                .setId(r.id())
                .setWalletAddress(r.walletAddress())
                .setEndpointUrl(r.endpointUrl())
                .setRegion(r.region())
                .setCapacityMbps(r.capacityMbps())
                .setActiveStreams(r.activeStreams())
                .setLoad(r.load())
                .setStatus(online ? RelayStatus.RELAY_STATUS_ONLINE : RelayStatus.RELAY_STATUS_OFFLINE)
                .setLastHeartbeatTime(ProtoTimes.toProto(r.lastHeartbeatTime()))
                .build();
    }

    static boolean online(Instant lastHeartbeat, Instant at) {
        return lastHeartbeat != null && !lastHeartbeat.isBefore(at.minus(ONLINE_WINDOW));
    }

    /** The notification payload of {@code event}: base64 of its bytes (a few hundred characters). */
    static String encode(NetworkEvent event) {
        return Base64.getEncoder().encodeToString(event.toByteArray());
    }

    static NetworkEvent decode(String payload) throws InvalidProtocolBufferException {
        try {
            return NetworkEvent.parseFrom(Base64.getDecoder().decode(payload));
        } catch (IllegalArgumentException e) {
            throw new InvalidProtocolBufferException("not base64: " + e.getMessage());
        }
    }
}
