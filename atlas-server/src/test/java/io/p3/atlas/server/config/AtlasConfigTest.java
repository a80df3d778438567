package io.p3.atlas.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AtlasConfigTest {
    @Test
    void defaults() {
        AtlasConfig c = AtlasConfig.fromEnv(Map.of());
        assertEquals(8080, c.port());
        assertEquals(Path.of("./data").toAbsolutePath().normalize(), c.dataDir());
        assertTrue(c.databaseUrl().isEmpty());
    }

    @Test
    void readsEnvironment() {
        AtlasConfig c = AtlasConfig.fromEnv(Map.of("ATLAS_PORT", "9090", "ATLAS_DATA_DIR", "/var/atlas",
                "DATABASE_URL", "postgres://a@b/c", "ATLAS_SHUTDOWN_GRACE", "PT3S"));
        assertEquals(9090, c.port());
        assertEquals(Path.of("/var/atlas"), c.dataDir());
        assertEquals("postgres://a@b/c", c.databaseUrl().orElseThrow());
        assertEquals(Duration.ofSeconds(3), c.shutdownGrace());
    }

    @Test
    void malformedValuesNameTheVariable() {
        assertTrue(assertThrows(ConfigException.class, () -> AtlasConfig.fromEnv(Map.of("ATLAS_PORT", "http")))
                .getMessage().contains("ATLAS_PORT"));
        assertTrue(assertThrows(ConfigException.class, () -> AtlasConfig.fromEnv(Map.of("ATLAS_PORT", "70000")))
                .getMessage().contains("ATLAS_PORT"));
        assertTrue(assertThrows(ConfigException.class,
                () -> AtlasConfig.fromEnv(Map.of("ATLAS_SHUTDOWN_GRACE", "10s"))).getMessage()
                .contains("ATLAS_SHUTDOWN_GRACE"));
    }

    @Test
    void logLevelsAreCheckedLikeEveryOtherVariable() {
        ConfigException loud = assertThrows(ConfigException.class,
                () -> AtlasConfig.fromEnv(Map.of("ATLAS_LOG_LEVEL", "LOUD")));
        assertEquals("ATLAS_LOG_LEVEL must be one of TRACE, DEBUG, INFO, WARN, ERROR, OFF, got 'LOUD'", loud.getMessage());
        assertTrue(assertThrows(ConfigException.class,
                () -> AtlasConfig.fromEnv(Map.of("ATLAS_ACCESS_LOG_LEVEL", "yes"))).getMessage()
                .startsWith("ATLAS_ACCESS_LOG_LEVEL must be one of"));
        AtlasConfig.fromEnv(Map.of("ATLAS_LOG_LEVEL", "debug", "ATLAS_ACCESS_LOG_LEVEL", "Info"));
    }
}
