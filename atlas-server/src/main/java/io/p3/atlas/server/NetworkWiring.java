package io.p3.atlas.server;

import io.p3.atlas.server.network.NetworkChange;
import io.p3.atlas.server.network.NetworkDirectory;
import io.p3.atlas.server.network.NetworkFeature;
import io.p3.atlas.server.network.NodePresence;
import io.p3.atlas.server.network.RelayPresence;
import io.p3.atlas.server.node.NodeFeature;
import io.p3.atlas.server.relay.Relay;
import io.p3.atlas.server.relay.RelayFeature;
import java.time.Instant;
import java.util.List;

/**
 * Part of the composition root: how the network view meets the features that own nodes and relays. Their
 * changes go in (as {@link NetworkChange}s); who was seen when comes out (as its {@link NetworkDirectory}).
 */
final class NetworkWiring {
    private NetworkWiring() {
    }

    static NetworkDirectory directory(NodeFeature nodes, RelayFeature relays) {
        return new NetworkDirectory() {
            @Override
            public List<NodePresence> nodesSeen(Instant from, Instant before, int limit) {
                return nodes.seenBetween(from, before, limit).stream()
                        .map(n -> new NodePresence(n.walletAddress(), n.lastHeartbeatTime())).toList();
            }

            @Override
            public List<RelayPresence> relaysSeen(Instant from, Instant before, int limit) {
                return relays.seenBetween(from, before, limit).stream().map(NetworkWiring::presence).toList();
            }
        };
    }

    /** Node and relay changes reach every instance's watchers. */
    static void connect(NodeFeature nodes, RelayFeature relays, NetworkFeature network) {
        nodes.onChange((kind, wallet, at, last) -> network.changed(NetworkChange.ofNode(
                NetworkChange.Kind.valueOf("NODE_" + kind.name()), at, new NodePresence(wallet, last))));
        relays.onChange((kind, relay, at) -> network.changed(NetworkChange.ofRelay(
                NetworkChange.Kind.valueOf("RELAY_" + kind.name()), at, presence(relay))));
    }

    private static RelayPresence presence(Relay r) {
        return new RelayPresence(r.id(), r.walletAddress(), r.endpointUrl(), r.region(), r.capacityMbps(),
                r.activeStreams(), r.load(), r.lastHeartbeatTime());
    }
}
