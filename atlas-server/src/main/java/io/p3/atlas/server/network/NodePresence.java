package io.p3.atlas.server.network;

import java.time.Instant;

/** A node as the network view shows it: its wallet and latest heartbeat (null if none). */
public record NodePresence(String walletAddress, Instant lastHeartbeatTime) {
}
