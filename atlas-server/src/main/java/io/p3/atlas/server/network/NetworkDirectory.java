package io.p3.atlas.server.network;

import java.time.Instant;
import java.util.List;

/**
 * What the network view reads from the features that own nodes and relays (wired by the composition root):
 * who was last seen between two moments. {@code from} inclusive; {@code before} exclusive, null for no bound.
 */
public interface NetworkDirectory {

    /** Nodes whose latest heartbeat is in [from, before), by wallet, at most {@code limit}. */
    List<NodePresence> nodesSeen(Instant from, Instant before, int limit);

    /** Relays whose latest heartbeat is in [from, before), by id, at most {@code limit}. */
    List<RelayPresence> relaysSeen(Instant from, Instant before, int limit);
}
