package io.p3.atlas.server.network;

import java.time.Instant;

/**
 * A change in the delivery network, as the other features report it (through the composition root): what
 * happened, when, and to which node or relay (the other one is null).
 */
public record NetworkChange(Kind kind, Instant time, NodePresence node, RelayPresence relay) {

    /** What happened; NODE_* changes carry a node, RELAY_* changes a relay. */
    public enum Kind {
        NODE_REGISTERED, NODE_ONLINE, NODE_OFFLINE,
        RELAY_REGISTERED, RELAY_ONLINE, RELAY_OFFLINE, RELAY_SATURATED, RELAY_UNSATURATED, RELAY_EXPIRED,
        RELAY_DEREGISTERED;

        boolean isNode() {
            return name().startsWith("NODE_");
        }
    }

    public NetworkChange {
        if (kind.isNode() != (node != null) || kind.isNode() == (relay != null)) {
            throw new IllegalArgumentException(kind + " needs a " + (kind.isNode() ? "node" : "relay"));
        }
    }

    public static NetworkChange ofNode(Kind kind, Instant time, NodePresence node) {
        return new NetworkChange(kind, time, node, null);
    }

    public static NetworkChange ofRelay(Kind kind, Instant time, RelayPresence relay) {
        return new NetworkChange(kind, time, null, relay);
    }
}
