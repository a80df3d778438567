package io.p3.atlas.server.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.p3.atlas.server.config.ConfigException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimitSpecTest {
    @Test
    void parsesTheDocumentedForms() {
        RateLimitSpec a = RateLimitSpec.parse("V", "600/1m");
        assertEquals(new RateLimitSpec(600, Duration.ofMinutes(1), 600), a);
        assertEquals("600/1m", a.toString());
        assertEquals(60, a.windowSeconds());
        RateLimitSpec b = RateLimitSpec.parse("V", " 50/1s BURST 100 ");
        assertEquals(new RateLimitSpec(50, Duration.ofSeconds(1), 100), b);
        assertEquals("50/1s burst 100", b.toString());
        assertEquals(new RateLimitSpec(5, Duration.ofHours(1), 5), RateLimitSpec.parse("V", "5/h"));
        assertEquals(new RateLimitSpec(10, Duration.ofMillis(500), 10), RateLimitSpec.parse("V", "10/500ms"));
        assertEquals(1, RateLimitSpec.parse("V", "10/500ms").windowSeconds());
        assertTrue(RateLimitSpec.parse("V", "OFF").off());
        assertEquals("100/1s burst 1000", RateLimitSpec.parse("V", RateLimitConfig.DEFAULT_READ).toString());
    }

    @Test
    void timeToFullRefillsContinuously() {
        RateLimitSpec s = RateLimitSpec.parse("V", "5/1m");
        assertEquals(Duration.ZERO, s.timeToFull(5));
        assertEquals(Duration.ofSeconds(12), s.timeToFull(4));
        assertEquals(Duration.ofMinutes(1), s.timeToFull(0));
    }

    @Test
    void malformedValuesNameTheVariable() {
        for (String bad : new String[] {"600", "600/minute", "0/1m", "5/0s", "-1/1s", "5/1m burst", "5/1m burst 0", "lots"}) {
            ConfigException e = assertThrows(ConfigException.class, () -> RateLimitSpec.parse("ATLAS_RATE_LIMIT_READ", bad));
            assertTrue(e.getMessage().startsWith("ATLAS_RATE_LIMIT_READ "), e.getMessage());
        }
    }
}
