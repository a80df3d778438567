package io.p3.atlas.server.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.p3.atlas.server.config.ConfigException;
import io.p3.atlas.server.config.EnvReader;
import io.p3.atlas.server.error.Refusal;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResilienceConfigTest {
    @Test
    void defaults() {
        ResilienceConfig c = ResilienceConfig.from(new EnvReader(Map.of()));
        assertEquals(256, c.maxConcurrentCalls());
        assertEquals(1024, c.maxConcurrentTransfers());
        assertEquals(Duration.ofSeconds(10), c.requestTimeout());
        assertEquals(10_000, c.maxConnections());
    }

    @Test
    void readsTheEnvironment() {
        ResilienceConfig c = ResilienceConfig.from(new EnvReader(Map.of("ATLAS_MAX_CONCURRENT_CALLS", "32",
                "ATLAS_MAX_CONCURRENT_TRANSFERS", "64", "ATLAS_REQUEST_TIMEOUT", "PT0S",
                "ATLAS_MAX_CONNECTIONS", "500")));
        assertEquals(new ResilienceConfig(32, 64, Duration.ZERO, 500), c);
    }

    @Test
    void badValuesNameTheVariable() {
        assertTrue(assertThrows(ConfigException.class, () -> ResilienceConfig.from(new EnvReader(
                Map.of("ATLAS_MAX_CONCURRENT_CALLS", "0")))).getMessage().contains("ATLAS_MAX_CONCURRENT_CALLS"));
        assertTrue(assertThrows(ConfigException.class, () -> ResilienceConfig.from(new EnvReader(
                Map.of("ATLAS_MAX_CONCURRENT_TRANSFERS", "-1")))).getMessage()
                .contains("ATLAS_MAX_CONCURRENT_TRANSFERS"));
        assertTrue(assertThrows(ConfigException.class, () -> ResilienceConfig.from(new EnvReader(
                Map.of("ATLAS_MAX_CONNECTIONS", "many")))).getMessage().contains("ATLAS_MAX_CONNECTIONS"));
        assertTrue(assertThrows(ConfigException.class, () -> ResilienceConfig.from(new EnvReader(
                Map.of("ATLAS_REQUEST_TIMEOUT", "10s")))).getMessage().contains("ATLAS_REQUEST_TIMEOUT"));
    }

    @Test
    void retryAfterIsWholeSecondsRoundedUp() {
        assertEquals("1", RetryAfterHeader.seconds(null));
        assertEquals("1", RetryAfterHeader.seconds(Duration.ofMillis(100)));
        assertEquals("2", RetryAfterHeader.seconds(Duration.ofMillis(1500)));
        assertEquals("30", RetryAfterHeader.seconds(Duration.ofSeconds(30)));
    }

    @Test
    void grpcMessagesArePercentEncodedOutsidePrintableAscii() {
        assertEquals("atlas.v1.NodeService is busy; retry", Refusal.grpcMessage("atlas.v1.NodeService is busy; retry"));
        assertEquals("100%25 full%0Aca%C3%A7a", Refusal.grpcMessage("100% full\nca\u00e7a"));
    }
}
