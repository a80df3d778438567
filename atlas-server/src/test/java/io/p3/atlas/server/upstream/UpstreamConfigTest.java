package io.p3.atlas.server.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.p3.atlas.server.config.ConfigException;
import io.p3.atlas.server.config.EnvReader;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UpstreamConfigTest {

    @Test
    void defaults() {
        UpstreamConfig c = UpstreamConfig.from(new EnvReader(Map.of()));
        assertEquals(new UpstreamConfig(Duration.ofSeconds(5), Duration.ofSeconds(30), 5, false), c);
        assertEquals(UpstreamConfig.defaults(), c);
    }

    @Test
    void readsItsVariables() {
        UpstreamConfig c = UpstreamConfig.from(new EnvReader(Map.of(
                "ATLAS_UPSTREAM_CONNECT_TIMEOUT", "PT1S",
                "ATLAS_UPSTREAM_READ_TIMEOUT", "PT2M",
                "ATLAS_UPSTREAM_MAX_REDIRECTS", "0",
                "ATLAS_UPSTREAM_ALLOW_PRIVATE", "true")));
        assertEquals(new UpstreamConfig(Duration.ofSeconds(1), Duration.ofMinutes(2), 0, true), c);
    }

    @Test
    void badValuesNameTheirVariable() {
        for (Map<String, String> env : java.util.List.of(
                Map.of("ATLAS_UPSTREAM_CONNECT_TIMEOUT", "5s"),
                Map.of("ATLAS_UPSTREAM_CONNECT_TIMEOUT", "PT0S"),
                Map.of("ATLAS_UPSTREAM_READ_TIMEOUT", "PT0S"),
                Map.of("ATLAS_UPSTREAM_MAX_REDIRECTS", "-1"),
                Map.of("ATLAS_UPSTREAM_MAX_REDIRECTS", "many"),
                Map.of("ATLAS_UPSTREAM_ALLOW_PRIVATE", "yes"))) {
            ConfigException e = assertThrows(ConfigException.class, () -> UpstreamConfig.from(new EnvReader(env)));
            String name = env.keySet().iterator().next();
            assertTrue(e.getMessage().contains(name), e.getMessage());
        }
    }
}
