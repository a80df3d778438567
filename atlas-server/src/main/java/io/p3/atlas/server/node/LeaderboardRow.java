package io.p3.atlas.server.node;

import java.time.Instant;

/**
 * One node's sums over a leaderboard's period. {@code lastHeartbeatTime} is the node's latest heartbeat
 * ever (null if none). For a one-day period, {@code peersConnected} and {@code dayHeartbeatTime} are that
 * day's; for longer periods they are 0 and null.
 */
public record LeaderboardRow(String walletAddress, long bytesServed, long tasksCompleted, long uptimeMs,
                             int peersConnected, Instant dayHeartbeatTime, Instant lastHeartbeatTime) {

    /** The value the leaderboard is ordered by. */
    long value(LeaderboardOrder order) {
        return order == LeaderboardOrder.UPTIME ? uptimeMs : bytesServed;
    }
}
