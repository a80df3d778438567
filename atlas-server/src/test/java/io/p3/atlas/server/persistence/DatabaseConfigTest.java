package io.p3.atlas.server.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.p3.atlas.server.config.ConfigException;
import io.p3.atlas.server.config.EnvReader;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabaseConfigTest {
    @Test
    void defaultsFailACallWithinTwoSecondsAndProbeEverySecond() {
        DatabaseConfig c = DatabaseConfig.from(new EnvReader(Map.of()));
        assertEquals(Duration.ofSeconds(2), c.acquireTimeout());
        assertEquals(Duration.ofSeconds(1), c.probeInterval());
        assertEquals(2, c.acquireTimeoutSeconds());
    }

    @Test
    void readsTheEnvironmentAndRoundsJdbcSecondsUp() {
        DatabaseConfig c = DatabaseConfig.from(new EnvReader(Map.of("ATLAS_DB_ACQUIRE_TIMEOUT", "PT0.5S",
                "ATLAS_DB_PROBE_INTERVAL", "PT0.2S")));
        assertEquals(Duration.ofMillis(500), c.acquireTimeout());
        assertEquals(Duration.ofMillis(200), c.probeInterval());
        assertEquals(1, c.acquireTimeoutSeconds());
    }

    @Test
    void tooShortValuesNameTheVariable() {
        assertTrue(assertThrows(ConfigException.class, () -> DatabaseConfig.from(new EnvReader(
                Map.of("ATLAS_DB_ACQUIRE_TIMEOUT", "PT0.1S")))).getMessage().contains("ATLAS_DB_ACQUIRE_TIMEOUT"));
        assertTrue(assertThrows(ConfigException.class, () -> DatabaseConfig.from(new EnvReader(
                Map.of("ATLAS_DB_PROBE_INTERVAL", "PT0S")))).getMessage().contains("ATLAS_DB_PROBE_INTERVAL"));
    }
}
