package io.p3.atlas.server.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventValidatorTest {
    static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    static final String WALLET = "0xAbCdEf0123456789abcdef0123456789ABCDEF01";

    static EventInput event(String name) {
        return new EventInput(name, "", "", "", "", Map.of(), null);
    }

    static String problemField(EventInput e) {
        EventValidator.Problem p = EventValidator.check(e, NOW);
        return p == null ? null : p.field();
    }

    @Test
    void acceptsTheDocumentedNames() {
        for (String n : new String[] {"stream.start", "stream.stop", "asset.download", "app.open", "a", "x_y-z.9"}) {
            assertNull(EventValidator.check(event(n), NOW), n);
        }
        assertNull(EventValidator.check(event("a".repeat(64)), NOW));
    }

    @Test
    void rejectsBadNames() {
        for (String n : new String[] {"", "Stream.Start", "with space", "a".repeat(65), "ü", "a/b", "a\u0663", "a:b", "a`"}) {
            assertEquals("name", problemField(event(n)), n);
        }
    }

    @Test
    void walletIsOptionalButMustBeWellFormedAndIsNeverEchoed() {
        assertNull(EventValidator.check(new EventInput("app.open", WALLET, "", "", "", Map.of(), null), NOW));
        String bad = "0x1234";
        EventValidator.Problem p = EventValidator.check(new EventInput("app.open", bad, "", "", "", Map.of(), null), NOW);
        assertEquals("wallet_address", p.field());
        assertFalse(p.reason().contains(bad), p.reason());
        String tooLong = WALLET + "0";
        p = EventValidator.check(new EventInput("app.open", tooLong, "", "", "", Map.of(), null), NOW);
        assertFalse(p.reason().toLowerCase().contains(WALLET.toLowerCase()), p.reason());
    }

    @Test
    void idsFollowTheOneIdRule() {
        assertNull(EventValidator.check(new EventInput("a", "", "s".repeat(128), "_asset", "com.example.quiz",
                Map.of(), null), NOW));
        assertEquals("stream_id", problemField(new EventInput("a", "", "s".repeat(129), "", "", Map.of(), null)));
        assertEquals("asset_id", problemField(new EventInput("a", "", "", ".hidden", "", Map.of(), null)));
        assertEquals("app_id", problemField(new EventInput("a", "", "", "", "two words", Map.of(), null)));
    }

    @Test
    void propertiesAreBounded() {
        Map<String, String> ok = new HashMap<>();
        for (int i = 0; i < 32; i++) {
            ok.put("k" + i, "v".repeat(1024));
        }
        ok.put("k".repeat(64), "");
        ok.remove("k0");
        assertNull(EventValidator.check(new EventInput("a", "", "", "", "", ok, null), NOW));
        Map<String, String> tooMany = new HashMap<>(ok);
        tooMany.put("extra", "1");
        assertEquals("properties", problemField(new EventInput("a", "", "", "", "", tooMany, null)));
        assertEquals("properties", problemField(new EventInput("a", "", "", "", "", Map.of("k".repeat(65), "v"), null)));
        assertEquals("properties", problemField(new EventInput("a", "", "", "", "", Map.of("", "v"), null)));
        assertEquals("properties", problemField(new EventInput("a", "", "", "", "", Map.of("k", "v".repeat(1025)), null)));
    }

    @Test
    void eventTimeWindowIs24HoursAheadAnd30DaysBack() {
        assertNull(EventValidator.check(withTime(NOW.plus(Duration.ofHours(24))), NOW));
        assertNull(EventValidator.check(withTime(NOW.minus(Duration.ofDays(30))), NOW));
        assertEquals("event_time", problemField(withTime(NOW.plus(Duration.ofHours(24)).plusSeconds(1))));
        assertEquals("event_time", problemField(withTime(NOW.minus(Duration.ofDays(30)).minusSeconds(1))));
        assertTrue(EventValidator.check(withTime(Instant.EPOCH), NOW).reason().contains("30 days"));
    }

    static EventInput withTime(Instant t) {
        return new EventInput("a", "", "", "", "", Map.of(), t);
    }
}
