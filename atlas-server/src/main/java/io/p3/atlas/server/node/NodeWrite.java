package io.p3.atlas.server.node;

import java.time.Instant;

/**
 * What one write did: today's row after it, whether it created the node, the node's heartbeat before it (null if
 * none), the time it was applied, and whether it was a heartbeat.
 */
public record NodeWrite(DailyMetrics today, boolean created, Instant previousHeartbeat, Instant at,
                        boolean heartbeat) {
}
