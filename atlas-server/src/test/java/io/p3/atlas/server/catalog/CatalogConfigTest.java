package io.p3.atlas.server.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.p3.atlas.server.config.ConfigException;
import io.p3.atlas.server.config.EnvReader;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CatalogConfigTest {

    @Test
    void defaults() {
        CatalogConfig c = CatalogConfig.from(new EnvReader(Map.of()));
        assertEquals(Duration.ofSeconds(60), c.cacheTtl());
        assertEquals(List.of(), c.channelSources());
        assertEquals(Duration.ofHours(6), c.channelRefresh());
        assertEquals(50L * 1024 * 1024, c.playlistMaxBytes());
    }

    @Test
    void readsEveryVariable() {
        CatalogConfig c = CatalogConfig.from(new EnvReader(Map.of("ATLAS_CATALOG_TTL", "PT5S",
                "ATLAS_CHANNEL_SOURCES", " https://iptv-org.github.io/iptv/countries/ca.m3u , http://a.example/b.m3u,",
                "ATLAS_CHANNEL_REFRESH", "PT30M", "ATLAS_PLAYLIST_MAX_BYTES", "1000")));
        assertEquals(Duration.ofSeconds(5), c.cacheTtl());
        assertEquals(List.of(URI.create("https://iptv-org.github.io/iptv/countries/ca.m3u"),
                URI.create("http://a.example/b.m3u")), c.channelSources());
        assertEquals(Duration.ofMinutes(30), c.channelRefresh());
        assertEquals(1000, c.playlistMaxBytes());
    }

    @Test
    void malformedValuesNameTheirVariable() {
        assertTrue(assertThrows(ConfigException.class, () -> CatalogConfig.from(new EnvReader(
                Map.of("ATLAS_CHANNEL_SOURCES", "ftp://x/y")))).getMessage().contains("ATLAS_CHANNEL_SOURCES"));
        assertTrue(assertThrows(ConfigException.class, () -> CatalogConfig.from(new EnvReader(
                Map.of("ATLAS_CHANNEL_REFRESH", "PT0S")))).getMessage().contains("ATLAS_CHANNEL_REFRESH"));
        assertTrue(assertThrows(ConfigException.class, () -> CatalogConfig.from(new EnvReader(
                Map.of("ATLAS_PLAYLIST_MAX_BYTES", "0")))).getMessage().contains("ATLAS_PLAYLIST_MAX_BYTES"));
        assertTrue(assertThrows(ConfigException.class, () -> CatalogConfig.from(new EnvReader(
                Map.of("ATLAS_CATALOG_TTL", "60s")))).getMessage().contains("ATLAS_CATALOG_TTL"));
    }
}
