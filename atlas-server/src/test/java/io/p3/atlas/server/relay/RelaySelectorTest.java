package io.p3.atlas.server.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RelaySelectorTest {
    static final Instant T = Instant.parse("2026-03-01T12:00:00Z");
    final RelaySelector selector = new RelaySelector(new Random(42));

    static Relay relay(String id, String region, int capacity, double load) {
        return new Relay(id, "0x" + "1".repeat(40), "wss://" + id + ".example.org", region, capacity, 0, load, T, T);
    }

    @Test
    void noRelayNoChoice() {
        assertTrue(selector.select(List.of(), "eu").isEmpty());
    }

    @Test
    void mostSpareCapacityWins() {
        // spare: a 100*(1-0.5)=50, b 80*(1-0.1)=72, c 1000*(1-0.95)=50
        List<Relay> online = List.of(relay("a", "eu", 100, 0.5), relay("b", "eu", 80, 0.1), relay("c", "eu", 1000, 0.95));
        assertEquals("b", selector.select(online, "").orElseThrow().id());
    }

    @Test
    void callersRegionIsPreferredOverMoreCapacityElsewhere() {
        List<Relay> online = List.of(relay("big-us", "us", 10_000, 0), relay("small-eu", "eu", 10, 0.5));
        assertEquals("small-eu", selector.select(online, "eu").orElseThrow().id());
        assertEquals("big-us", selector.select(online, "us").orElseThrow().id());
    }

    @Test
    void anotherRegionServesWhenTheCallersHasNone() {
        List<Relay> online = List.of(relay("a", "us", 100, 0.2), relay("b", "ap", 100, 0.1));
        assertEquals("b", selector.select(online, "eu").orElseThrow().id());
    }

    @Test
    void equallyGoodRelaysShareTheLoad() {
        List<Relay> online = List.of(relay("a", "eu", 100, 0.5), relay("b", "eu", 100, 0.5), relay("c", "eu", 50, 0));
        Set<String> chosen = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            chosen.add(selector.select(online, "eu").orElseThrow().id());
        }
        assertEquals(Set.of("a", "b", "c"), chosen, "all three have 50 Mbps spare");
    }

    @Test
    void spareCapacityIsCapacityTimesIdleShare() {
        assertEquals(25.0, relay("a", "eu", 100, 0.75).spareMbps(), 1e-9);
    }
}
