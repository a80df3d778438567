package io.p3.atlas.server.content;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Content delivery meters, named after atlas.v1.StreamService (operators' dashboards use the names):
 * {@code atlas.stream.bytes.served} (by asset type and transport) and {@code atlas.stream.cache.requests}
 * (by tier: memory, disk, upstream; result: hit or miss).
 * For the upstream tier a hit is a read that joined a fetch already under way, a miss one that started a fetch.
 */
public final class ContentMetrics {
    /** Cache tiers, fastest first. */
    public enum Tier { MEMORY, DISK, UPSTREAM }

    /** How bytes left the server. */
    public enum Transport { HTTP, GRPC }

    private final MeterRegistry meters;
    /** Counters by their tag values, so a chunk served costs a map lookup, not a registration. */
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public ContentMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    public void served(AssetKind type, Transport transport, long bytes) {
        if (bytes > 0) {
            String t = type.shortName();
            String via = transport.name().toLowerCase(Locale.ROOT);
            counters.computeIfAbsent("served|" + t + "|" + via, k -> Counter.builder("atlas.stream.bytes.served")
                    .description("Asset bytes sent to clients")
                    .baseUnit("bytes")
                    .tag("type", t)
                    .tag("transport", via)
                    .register(meters)).increment(bytes);
        }
    }

    public void cache(Tier tier, boolean hit) {
        String name = tier.name().toLowerCase(Locale.ROOT);
        String result = hit ? "hit" : "miss";
        counters.computeIfAbsent("cache|" + name + "|" + result, k -> Counter.builder("atlas.stream.cache.requests")
                .description("Asset reads by cache tier and outcome")
                .tag("tier", name)
                .tag("result", result)
                .register(meters)).increment();
    }
}
