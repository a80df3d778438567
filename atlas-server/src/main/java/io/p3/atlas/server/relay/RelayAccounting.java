package io.p3.atlas.server.relay;

import java.util.concurrent.CompletableFuture;

/**
 * Where the work a relay reports is credited to its operator: the wallet's node metrics (daily rows,
 * uptime, leaderboards). Declared here so the relay feature never depends on the node feature; the
 * composition root wires the node feature's write path in.
 */
@FunctionalInterface
public interface RelayAccounting {

    /**
     * Adds {@code bytesServed} and {@code tasksCompleted} to {@code wallet}'s metrics for the current UTC day
     * and counts as a heartbeat of the wallet (uptime since its previous heartbeat). Completes after the commit
     * that holds the write, exactly once per call however many run at once.
     */
    CompletableFuture<?> credit(String wallet, long bytesServed, long tasksCompleted);

    /** Credits nowhere (tests of the registry alone). */
    RelayAccounting NONE = (wallet, bytes, tasks) -> CompletableFuture.completedFuture(null);
}
