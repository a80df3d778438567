package io.p3.atlas.server.node;

import java.time.Instant;
import java.time.LocalDate;

/** One wallet's metrics for one UTC day. {@code lastHeartbeatTime} is null until a heartbeat that day. */
public record DailyMetrics(String walletAddress, LocalDate statsDate, long bytesServed, long tasksCompleted,
                           long uptimeMs, int peersConnected, Instant lastHeartbeatTime) {

    /** The row of a day with nothing reported yet. */
    public static DailyMetrics empty(String walletAddress, LocalDate statsDate) {
        return new DailyMetrics(walletAddress, statsDate, 0, 0, 0, 0, null);
    }
}
