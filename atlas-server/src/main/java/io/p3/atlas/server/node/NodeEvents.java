package io.p3.atlas.server.node;

import java.time.Instant;

/**
 * Told after the commit of a write that changed what the network sees of a node: its first write ever
 * (REGISTERED), or a heartbeat after at least 2 minutes without one (ONLINE). Going offline is a matter of time
 * passing, not of a write: whoever needs it looks for silent nodes ({@link NodeMetricsService#seenBetween}).
 * Called on the writer's thread: implementations hand off and return.
 */
@FunctionalInterface
public interface NodeEvents {
    enum Kind { REGISTERED, ONLINE }

    /** {@code lastHeartbeatTime}: the node's latest heartbeat after the write, null if it never sent one. */
    void nodeChanged(Kind kind, String wallet, Instant at, Instant lastHeartbeatTime);

    NodeEvents NONE = (kind, wallet, at, last) -> { };
}
