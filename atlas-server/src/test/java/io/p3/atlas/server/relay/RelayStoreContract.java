package io.p3.atlas.server.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.p3.atlas.server.paging.Page;
import io.p3.atlas.server.error.AtlasException;
import io.p3.atlas.server.error.ErrorCode;
import io.p3.atlas.server.persistence.Database;
import io.p3.atlas.server.testing.MutableClock;
import io.p3.atlas.server.testing.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The relay registry rules on each real database (H2 and PostgreSQL subclasses), with a moved clock. */
abstract class RelayStoreContract {
    static final String W = "0xABCDEF0123456789abcdef0123456789ABCDEF01";

    final MutableClock clock = MutableClock.at("2026-03-01T12:00:00Z");
    Database db;
    RelayService relays;

    abstract TestDatabase database();

    @BeforeEach
    void open() {
        db = Database.open(database().newDatabase(), new SimpleMeterRegistry(), List.of(RelayMapper.class));
        relays = service(7);
    }

    RelayService service(long seed) {
        return new RelayService(new MyBatisRelayStore(db), new RelaySelector(new Random(seed), 0.9, Map.of()), clock,
                Duration.ofHours(24), RelayAccounting.NONE);
    }

    String select(RelayService service, String stream, String region) {
        return service.select(stream, region, 0).chosen().relay().id();
    }

    @AfterEach
    void close() {
        db.close();
    }

    RelayService.RelayState register(String id, String region, int capacity) {
        return relays.register(id, W, "wss://" + id + ".example.org/live", region, capacity).join();
    }

    static AtlasException error(Runnable r) {
        return assertThrows(AtlasException.class, r::run);
    }

    @Test
    void registerStoresAndNormalizes() {
        RelayService.RelayState s = register("r1", "EU-West", 100);
        assertTrue(s.online());
        Relay r = s.relay();
        assertEquals("r1", r.id());
        assertEquals(W.toLowerCase(), r.walletAddress());
        assertEquals("eu-west", r.region());
        assertEquals(100, r.capacityMbps());
        assertEquals(clock.instant(), r.lastHeartbeatTime());
        assertEquals(r, relays.get("r1").relay());
    }

    @Test
    void heartbeatUpdatesLoadAndKeepsOnline() {
        register("r1", "eu", 100);
        clock.advance(Duration.ofSeconds(90));
        RelayService.RelayState s = relays.heartbeat("r1", 12, 0.25, 0, 0).join();
        assertEquals(12, s.relay().activeStreams());
        assertEquals(0.25, s.relay().load(), 1e-9);
        assertEquals(clock.instant(), s.relay().lastHeartbeatTime());
        clock.advance(Duration.ofSeconds(119));
        assertTrue(relays.get("r1").online());
    }

    @Test
    void offlineAfterTwoMinutesWithoutHeartbeatAndNeverSelected() {
        register("r1", "eu", 100);
        clock.advance(Duration.ofSeconds(120));
        assertTrue(relays.get("r1").online(), "exactly 2 minutes is still online");
        clock.advance(Duration.ofMillis(1));
        assertFalse(relays.get("r1").online());
        AtlasException e = error(() -> relays.select("s1", "eu", 0));
        assertEquals(ErrorCode.UNAVAILABLE, e.code());
        assertTrue(e.getMessage().contains("no media relay is online"), e.getMessage());
        relays.heartbeat("r1", 0, 0, 0, 0).join();
        assertEquals("r1", select(relays, "s1", "eu"));
    }

    @Test
    void selectPrefersRegionThenSpareCapacity() {
        register("us-big", "us", 10_000);
        register("eu-a", "eu", 100);
        register("eu-b", "eu", 100);
        relays.heartbeat("eu-a", 5, 0.9, 0, 0).join();
        relays.heartbeat("eu-b", 1, 0.1, 0, 0).join();
        assertEquals("eu-b", select(relays, "s", "eu"), "eu-a is saturated");
        RelayService.Selection s = relays.select("s", "eu", 5);
        assertEquals(List.of("us-big"), s.alternatives().stream().map(a -> a.relay().id()).toList());
        assertTrue(s.alternatives().get(0).online());
        relays.heartbeat("eu-b", 1, 0.95, 0, 0).join();
        assertEquals("us-big", select(relays, "s", "eu"), "every eu relay is saturated: another region serves");
        relays.heartbeat("us-big", 1, 0.99, 0, 0).join();
        AtlasException full = error(() -> relays.select("s", "eu", 0));
        assertEquals(ErrorCode.UNAVAILABLE, full.code());
        assertTrue(full.getMessage().contains("saturated"), full.getMessage());
        assertEquals("max_alternatives", error(() -> relays.select("s", "eu", -1)).field());
        assertEquals("stream_id", error(() -> relays.select("x".repeat(1025), "eu", 0)).field());
    }

    @Test
    void listFiltersByRegionAndStatusAndPages() {
        for (int i = 0; i < 5; i++) {
            register("eu-" + i, "eu", 100);
        }
        register("us-0", "us", 100);
        clock.advance(Duration.ofMinutes(3));
        relays.heartbeat("eu-1", 0, 0, 0, 0).join();
        relays.heartbeat("eu-3", 0, 0, 0, 0).join();

        List<String> seen = new ArrayList<>();
        String token = "";
        do {
            Page<RelayService.RelayState> p = relays.list("EU", RelayService.StatusFilter.ANY, 2, token);
            p.items().forEach(s -> seen.add(s.relay().id()));
            token = p.nextPageToken();
        } while (!token.isEmpty());
        assertEquals(List.of("eu-0", "eu-1", "eu-2", "eu-3", "eu-4"), seen);

        assertEquals(List.of("eu-1", "eu-3"), ids(relays.list("eu", RelayService.StatusFilter.ONLINE, 0, "")));
        assertEquals(List.of("eu-0", "eu-2", "eu-4", "us-0"),
                ids(relays.list("", RelayService.StatusFilter.OFFLINE, 0, "")));
        String t = relays.list("eu", RelayService.StatusFilter.ANY, 1, "").nextPageToken();
        assertEquals("page_token", error(() -> relays.list("us", RelayService.StatusFilter.ANY, 1, t)).field());
    }

    static List<String> ids(Page<RelayService.RelayState> p) {
        return p.items().stream().map(s -> s.relay().id()).toList();
    }

    @Test
    void reRegisterReplacesAndDeregisterRemoves() {
        register("r1", "eu", 100);
        relays.heartbeat("r1", 3, 0.5, 0, 0).join();
        RelayService.RelayState again = relays.register("r1", W, "https://new.example.org", "us", 50).join();
        assertEquals("us", again.relay().region());
        assertEquals(0.0, again.relay().load(), 1e-9);
        relays.deregister("r1");
        assertEquals(ErrorCode.NOT_FOUND, error(() -> relays.get("r1")).code());
        assertEquals(ErrorCode.NOT_FOUND, error(() -> relays.deregister("r1")).code());
        assertEquals(ErrorCode.NOT_FOUND, error(() -> relays.heartbeat("r1", 0, 0, 0, 0).join()).code());
    }

    @Test
    void validationNamesTheField() {
        assertEquals("relay.wallet_address",
                error(() -> relays.register("r", "0x12", "wss://a.example.org", "eu", 1).join()).field());
        assertEquals("relay.endpoint_url",
                error(() -> relays.register("r", W, "ftp://a.example.org", "eu", 1).join()).field());
        assertEquals("relay.region", error(() -> relays.register("r", W, "wss://a.example.org", "", 1).join()).field());
        assertEquals("relay.capacity_mbps",
                error(() -> relays.register("r", W, "wss://a.example.org", "eu", 0).join()).field());
        assertEquals("relay.id", error(() -> relays.register("a/b", W, "wss://a.example.org", "eu", 1).join()).field());
        register("r", "eu", 1);
        assertEquals("load", error(() -> relays.heartbeat("r", 0, 1.5, 0, 0).join()).field());
        assertEquals("load", error(() -> relays.heartbeat("r", 0, Double.NaN, 0, 0).join()).field());
        assertEquals("active_streams", error(() -> relays.heartbeat("r", -1, 0, 0, 0).join()).field());
        assertEquals("bytes_served_delta", error(() -> relays.heartbeat("r", 0, 0, -1, 0).join()).field());
        assertEquals("tasks_completed_delta", error(() -> relays.heartbeat("r", 0, 0, 0, -1).join()).field());
    }

    @Test
    void twoServiceInstancesOnOneDatabaseAgree() {
        RelayService other = service(1);
        register("r1", "eu", 100);
        assertEquals("r1", select(other, "s", "eu"));
        other.heartbeat("r1", 4, 0.4, 0, 0).join();
        assertEquals(4, relays.get("r1").relay().activeStreams());
        other.deregister("r1");
        assertEquals(ErrorCode.UNAVAILABLE, error(() -> relays.select("s", "eu", 0)).code());
    }

    @Test
    void silentRelaysExpireOnceEvenWithConcurrentSweeps() throws Exception {
        register("quiet", "eu", 100);
        register("chatty", "eu", 100);
        for (int i = 0; i < 20; i++) {
            register("bulk-" + i, "us", 10);
        }
        clock.advance(Duration.ofHours(23));
        relays.heartbeat("chatty", 0, 0, 0, 0).join();
        clock.advance(Duration.ofHours(1));
        assertEquals(List.of(), relays.expireSilent(), "silent for exactly 24 h: not yet");
        clock.advance(Duration.ofMillis(1));

        RelayService other = service(3);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<List<Relay>> a = pool.submit(relays::expireSilent);
            Future<List<Relay>> b = pool.submit(other::expireSilent);
            List<String> gone = new ArrayList<>();
            a.get().forEach(r -> gone.add(r.id()));
            b.get().forEach(r -> gone.add(r.id()));
            assertEquals(21, gone.size(), "each expired relay is returned by exactly one sweep: " + gone);
            assertEquals(21, new HashSet<>(gone).size());
            assertTrue(gone.contains("quiet") && !gone.contains("chatty"), gone.toString());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of(), relays.expireSilent(), "the sweep is idempotent");
        assertEquals(ErrorCode.NOT_FOUND, error(() -> relays.get("quiet")).code());
        assertEquals(ErrorCode.NOT_FOUND, error(() -> relays.heartbeat("quiet", 0, 0, 0, 0).join()).code(),
                "an expired relay registers again");
        assertTrue(relays.get("chatty").relay().id().equals("chatty"));
    }
}
