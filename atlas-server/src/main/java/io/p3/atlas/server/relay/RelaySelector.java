package io.p3.atlas.server.relay;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Picks relays for a stream, the way weighted load balancers do, so a burst of selections between two
 * heartbeats spreads instead of herding onto the relay that looked emptiest:
 * <ul>
 *   <li>Eligible: online relays (the caller passes them) whose load is below the saturation threshold.</li>
 *   <li>Tiers: the caller's region, then its configured neighbours nearest first, then every other region
 *       (without a region: one tier of all). The first tier with an eligible relay supplies the choice;
 *       later tiers supply alternatives after it.</li>
 *   <li>Within a tier, a weighted order by spare capacity ({@code capacity × (1 − load)}): each relay draws
 *       {@code key = −ln(u) / spare} with {@code u} uniform in (0, 1] and keys ascend. The first relay is then
 *       relay {@code i} with probability {@code spare_i / Σ spare} (an exponential race), and the rest follow
 *       in the same weighted order (weighted sampling without replacement).</li>
 *   <li>Sticky per stream: with a {@code streamId}, {@code u} is a hash of (stream, relay) instead of a random
 *       draw: weighted rendezvous hashing. One stream keeps getting the same relay while the eligible set and
 *       their spare capacities stay in proportion, and different streams still spread by spare capacity;
 *       when a relay saturates or goes, only its streams move.</li>
 * </ul>
 * Pure; the random source is injected.
 */
public final class RelaySelector {
    private static final double TWO_POW_53 = 0x1p53;

    private final RandomGenerator random;
    private final double saturation;
    private final Map<String, List<String>> neighbours;

    /**
     * @param saturation a relay whose load is at or above this is not eligible
     * @param neighbours for a region, the regions to fall back to, nearest first
     */
    public RelaySelector(RandomGenerator random, double saturation, Map<String, List<String>> neighbours) {
        this.random = random;
        this.saturation = saturation;
        this.neighbours = Map.copyOf(neighbours);
    }

    /** The chosen relay and the ones to fail over to, in order. */
    public record Choice(Relay chosen, List<Relay> alternatives) {
    }

    /** Whether {@code r}'s load is at or above the saturation threshold. */
    public boolean saturated(Relay r) {
        return r.load() >= saturation;
    }

    /** Whether {@code r} may be selected at all (online-ness is the caller's filter). */
    public boolean eligible(Relay r) {
        return r.load() < saturation && r.spareMbps() > 0;
    }

    /**
     * The choice among {@code online} relays for {@code streamId} (empty: not sticky) from {@code region}
     * (null or empty: any), with up to {@code maxAlternatives} alternatives; empty if none is eligible.
     */
    public Optional<Choice> select(List<Relay> online, String region, String streamId, int maxAlternatives) {
        List<Relay> eligible = online.stream().filter(this::eligible).toList();
        if (eligible.isEmpty()) {
            return Optional.empty();
        }
        List<Relay> ordered = new ArrayList<>(eligible.size());
        for (List<Relay> tier : tiers(eligible, region)) {
            ordered.addAll(weightedOrder(tier, streamId));
        }
        return Optional.of(new Choice(ordered.get(0),
                List.copyOf(ordered.subList(1, Math.min(ordered.size(), 1 + Math.max(0, maxAlternatives))))));
    }

    /** The eligible relays grouped by preference: region, neighbours nearest first, the rest. */
    List<List<Relay>> tiers(List<Relay> eligible, String region) {
        if (region == null || region.isEmpty()) {
            return List.of(eligible);
        }
        Set<String> order = new LinkedHashSet<>();
        order.add(region);
        order.addAll(neighbours.getOrDefault(region, List.of()));
        List<List<Relay>> tiers = new ArrayList<>();
        for (String r : order) {
            tiers.add(eligible.stream().filter(x -> x.region().equals(r)).toList());
        }
        tiers.add(eligible.stream().filter(x -> !order.contains(x.region())).toList());
        return tiers;
    }

    private List<Relay> weightedOrder(List<Relay> tier, String streamId) {
        boolean sticky = streamId != null && !streamId.isEmpty();
        record Keyed(Relay relay, double key) {
        }
        List<Keyed> keyed = new ArrayList<>(tier.size());
        for (Relay r : tier) {
            double u = sticky ? hashUnit(streamId, r.id()) : 1.0 - random.nextDouble();
            keyed.add(new Keyed(r, -Math.log(u) / r.spareMbps()));
        }
        keyed.sort(Comparator.comparingDouble(Keyed::key).thenComparing(k -> k.relay().id()));
        return keyed.stream().map(Keyed::relay).toList();
    }

    /** A uniform number in (0, 1] fixed by the stream and the relay: 53 bits of a 64-bit hash of both. */
    static double hashUnit(String streamId, String relayId) {
        long h = 0xcbf29ce484222325L; // FNV-1a, then the splitmix64 finalizer to spread the bits
        for (byte b : (streamId + '\n' + relayId).getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
        h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
        h ^= h >>> 31;
        return ((h >>> 11) + 1) / TWO_POW_53;
    }
}
