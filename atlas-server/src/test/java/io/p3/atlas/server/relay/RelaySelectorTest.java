package io.p3.atlas.server.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Selection rules with an injected random source: weights, saturation, region tiers, stickiness, alternatives. */
class RelaySelectorTest {
    static final Instant T = Instant.parse("2026-03-01T12:00:00Z");
    static final Map<String, List<String>> NEIGHBOURS = Map.of("eu-west", List.of("eu-central", "us-east"));
    final RelaySelector selector = new RelaySelector(new Random(42), 0.9, NEIGHBOURS);

    static Relay relay(String id, String region, int capacity, double load) {
        return new Relay(id, "0x" + "1".repeat(40), "wss://" + id + ".example.org", region, capacity, 0, load, T, T);
    }

    String pick(List<Relay> online, String region, String stream) {
        return selector.select(online, region, stream, 0).orElseThrow().chosen().id();
    }

    Map<String, Integer> draws(List<Relay> online, String region, int n) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < n; i++) {
            counts.merge(pick(online, region, ""), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void sharesFollowSpareCapacityOverManyDraws() {
        // spare: a 300, b 100 (3:1); c 400 × 0.25 = 100, so a:b:c = 3:1:1
        List<Relay> online = List.of(relay("a", "eu", 300, 0), relay("b", "eu", 100, 0), relay("c", "eu", 400, 0.75));
        int n = 20_000;
        Map<String, Integer> counts = draws(online, "eu", n);
        assertEquals(0.6, counts.get("a") / (double) n, 0.02, counts.toString());
        assertEquals(0.2, counts.get("b") / (double) n, 0.02, counts.toString());
        assertEquals(0.2, counts.get("c") / (double) n, 0.02, counts.toString());

        Map<String, Integer> two = draws(List.of(relay("x", "eu", 3, 0), relay("y", "eu", 1, 0)), "eu", 1000);
        double ratio = two.get("x") / (double) two.get("y");
        assertTrue(ratio > 2.4 && ratio < 3.7, "1000 selections split about 3:1, got " + two);
    }

    @Test
    void saturatedRelaysAreNeverChosenAndTheNextRegionServes() {
        List<Relay> online = List.of(relay("eu-1", "eu", 100, 1.0), relay("eu-2", "eu", 100, 0.9),
                relay("us-1", "us", 100, 0.0));
        assertEquals(Map.of("us-1", 200), draws(online, "eu", 200), "load at or above 0.9 is not eligible");
        assertTrue(selector.select(online.subList(0, 2), "eu", "", 0).isEmpty(), "all saturated: no choice");
        assertTrue(selector.select(List.of(), "eu", "", 0).isEmpty());
        assertEquals("eu-2", new RelaySelector(new Random(1), 0.95, Map.of()).select(online, "eu", "", 0)
                .orElseThrow().chosen().id(), "the threshold is configurable");
    }

    @Test
    void neighboursAreTriedNearestFirstThenAnyRegion() {
        List<Relay> online = List.of(relay("w", "eu-west", 100, 0.95), relay("c", "eu-central", 10, 0.5),
                relay("e", "us-east", 1000, 0), relay("ap", "ap-south", 5000, 0));
        for (int i = 0; i < 50; i++) {
            RelaySelector.Choice choice = selector.select(online, "eu-west", "", 5).orElseThrow();
            assertEquals("c", choice.chosen().id(), "the nearest neighbour, despite less capacity");
            assertEquals(List.of("e", "ap"), choice.alternatives().stream().map(Relay::id).toList(),
                    "then the next neighbour, then any region; never a saturated relay");
        }
        // A region without neighbours configured falls back to any region, by weight.
        Map<String, Integer> counts = draws(online, "sa-east", 2000);
        assertTrue(counts.get("ap") > counts.get("e") * 3, counts.toString());
    }

    @Test
    void alternativesAreOrderedDistinctAndBounded() {
        List<Relay> online = List.of(relay("a", "eu", 100, 0), relay("b", "eu", 100, 0), relay("c", "eu", 100, 0),
                relay("d", "us", 100, 0));
        RelaySelector.Choice c = selector.select(online, "eu", "s", 2).orElseThrow();
        assertEquals(2, c.alternatives().size());
        assertTrue(c.alternatives().stream().noneMatch(r -> r.id().equals(c.chosen().id())));
        assertTrue(c.alternatives().stream().allMatch(r -> r.region().equals("eu")), "own region first");
        RelaySelector.Choice all = selector.select(online, "eu", "s", 10).orElseThrow();
        assertEquals(3, all.alternatives().size());
        assertEquals("d", all.alternatives().get(2).id(), "other regions last");
        assertEquals(c.alternatives(), all.alternatives().subList(0, 2), "a sticky order is the same at any length");
    }

    @Test
    void oneStreamSticksToOneRelayAndStreamsSpreadByWeight() {
        List<Relay> online = List.of(relay("a", "eu", 300, 0), relay("b", "eu", 100, 0), relay("c", "eu", 100, 0.5));
        Map<String, String> first = new HashMap<>();
        Map<String, Integer> counts = new HashMap<>();
        for (int s = 0; s < 4000; s++) {
            String stream = "stream-" + s;
            String chosen = pick(online, "eu", stream);
            first.put(stream, chosen);
            counts.merge(chosen, 1, Integer::sum);
            assertEquals(chosen, pick(online, "eu", stream), "the same stream gets the same relay");
        }
        // spare 300 : 100 : 50
        assertEquals(300 / 450.0, counts.get("a") / 4000.0, 0.03, counts.toString());
        assertEquals(50 / 450.0, counts.get("c") / 4000.0, 0.03, counts.toString());

        // b saturates: only b's streams move; every stream on a or c stays.
        List<Relay> bFull = List.of(online.get(0), relay("b", "eu", 100, 0.95), online.get(2));
        int moved = 0;
        for (Map.Entry<String, String> e : first.entrySet()) {
            String now = pick(bFull, "eu", e.getKey());
            if (e.getValue().equals("b")) {
                assertNotEquals("b", now);
                moved++;
            } else {
                assertEquals(e.getValue(), now, e.getKey());
            }
        }
        assertEquals(counts.get("b"), moved);
    }

    @Test
    void hashUnitIsInTheOpenUnitIntervalAndSpreads() {
        double sum = 0;
        for (int i = 0; i < 10_000; i++) {
            double u = RelaySelector.hashUnit("s" + i, "relay");
            assertTrue(u > 0 && u <= 1, "u=" + u);
            sum += u;
        }
        assertEquals(0.5, sum / 10_000, 0.01);
    }

    @Test
    void spareCapacityIsCapacityTimesIdleShare() {
        assertEquals(25.0, relay("a", "eu", 100, 0.75).spareMbps(), 1e-9);
    }
}
