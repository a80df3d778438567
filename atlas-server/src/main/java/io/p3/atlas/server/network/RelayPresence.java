package io.p3.atlas.server.network;

import java.time.Instant;

/** A relay as the network view shows it. */
public record RelayPresence(String id, String walletAddress, String endpointUrl, String region, int capacityMbps,
                            int activeStreams, double load, Instant lastHeartbeatTime) {
}
