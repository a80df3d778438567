package io.p3.atlas.server.relay;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Picks a relay for a stream among online relays: those in the caller's region when there are any
 * (otherwise all), then the most spare capacity; relays equally good take turns at random, so load
 * spreads instead of always landing on the same relay. Pure; the random source is injected.
 */
public final class RelaySelector {
    /** Spare capacities closer than this (Mbps) count as equal. */
    static final double TIE_MBPS = 1e-6;

    private final RandomGenerator random;

    public RelaySelector(RandomGenerator random) {
        this.random = random;
    }

    /** The chosen relay, or empty when {@code online} is empty. {@code region} may be empty: any region. */
    public Optional<Relay> select(List<Relay> online, String region) {
        List<Relay> pool = online;
        if (region != null && !region.isEmpty()) {
            List<Relay> local = online.stream().filter(r -> r.region().equals(region)).toList();
            if (!local.isEmpty()) {
                pool = local;
            }
        }
        if (pool.isEmpty()) {
            return Optional.empty();
        }
        double best = pool.stream().mapToDouble(Relay::spareMbps).max().orElseThrow();
        List<Relay> top = new ArrayList<>();
        for (Relay r : pool) {
            if (best - r.spareMbps() <= TIE_MBPS) {
                top.add(r);
            }
        }
        return Optional.of(top.get(top.size() == 1 ? 0 : random.nextInt(top.size())));
    }
}
