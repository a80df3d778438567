package io.p3.atlas.server.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.p3.atlas.v1.AssetType;

/**
 * StreamService meters: {@code atlas.stream.bytes.served} (by asset type and transport) and
 * {@code atlas.stream.cache.requests} (by tier: memory, disk, upstream; result: hit or miss).
 * For the upstream tier a hit is a read that joined a fetch already under way, a miss one that started a fetch.
 */
public final class StreamMetrics {
    /** Cache tiers, fastest first. */
    public enum Tier { MEMORY, DISK, UPSTREAM }

    /** How bytes left the server. */
    public enum Transport { HTTP, GRPC }

    private final MeterRegistry meters;

    public StreamMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    public void served(AssetType type, Transport transport, long bytes) {
        if (bytes > 0) {
            Counter.builder("atlas.stream.bytes.served")
                    .description("Asset bytes sent to clients")
                    .baseUnit("bytes")
                    .tag("type", AssetRules.shortName(type))
                    .tag("transport", transport.name().toLowerCase(java.util.Locale.ROOT))
                    .register(meters)
                    .increment(bytes);
        }
    }

    public void cache(Tier tier, boolean hit) {
        Counter.builder("atlas.stream.cache.requests")
                .description("Asset reads by cache tier and outcome")
                .tag("tier", tier.name().toLowerCase(java.util.Locale.ROOT))
                .tag("result", hit ? "hit" : "miss")
                .register(meters)
                .increment();
    }

    /** The registry (tests read counters from it). */
    public MeterRegistry registry() {
        return meters;
    }
}
