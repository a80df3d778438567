package io.p3.atlas.server.node;

import java.time.Instant;

/** A node's lifetime totals over all its days, and its latest heartbeat (null if none). */
public record NodeTotals(String walletAddress, Instant lastHeartbeatTime, long bytesServed, long uptimeMs,
                         long tasksCompleted) {
}
