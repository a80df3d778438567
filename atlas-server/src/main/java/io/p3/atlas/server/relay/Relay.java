package io.p3.atlas.server.relay;

import java.time.Instant;

/** A registered media relay as stored; online-ness is derived from {@code lastHeartbeatTime} and the clock. */
public record Relay(String id, String walletAddress, String endpointUrl, String region, int capacityMbps,
                    int activeStreams, double load, Instant lastHeartbeatTime, Instant createTime) {

    /** Capacity not in use: {@code capacityMbps × (1 − load)}. */
    public double spareMbps() {
        return capacityMbps * (1.0 - load);
    }
}
