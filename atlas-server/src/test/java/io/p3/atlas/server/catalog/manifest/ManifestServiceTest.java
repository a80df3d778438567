package io.p3.atlas.server.catalog.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.p3.atlas.server.catalog.cache.CatalogCache;
import io.p3.atlas.server.error.AtlasException;
import io.p3.atlas.server.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestServiceTest {
    final MutableClock clock = MutableClock.at("2026-03-01T12:00:00Z");
    final List<ManifestAsset> stored = new ArrayList<>();
    final CatalogCache cache = new CatalogCache(Duration.ofSeconds(60), new SimpleMeterRegistry());
    final ManifestService manifests = new ManifestService(type -> type == ManifestType.GAME
            ? List.copyOf(stored) : List.of(), cache, clock);

    static ManifestAsset asset(String id, long size, String etag) {
        return new ManifestAsset(id, "http://cdn.example/" + id, size, "ab".repeat(32), etag);
    }

    @Test
    void etagChangesExactlyWhenTheSetChanges() {
        stored.add(asset("b", 20, "e2"));
        stored.add(asset("a", 10, "e1"));
        AssetManifest m1 = manifests.manifest("game");
        assertEquals(List.of("a", "b"), m1.assets().stream().map(ManifestAsset::id).toList());
        assertEquals(30, m1.totalSize());
        assertEquals(ManifestType.GAME, m1.type());
        assertEquals(clock.instant(), m1.generateTime());

        cache.invalidateAll();
        stored.add(stored.remove(0)); // same set, other order
        assertEquals(m1.etag(), manifests.manifest("GAME").etag());

        cache.invalidateAll();
        stored.set(0, asset(stored.get(0).id(), 99, stored.get(0).etag())); // size alone: same id and etag
        assertEquals(m1.etag(), manifests.manifest("game").etag());

        cache.invalidateAll();
        stored.set(0, asset(stored.get(0).id(), 10, "changed"));
        String changed = manifests.manifest("game").etag();
        assertNotEquals(m1.etag(), changed);

        cache.invalidateAll();
        stored.add(asset("c", 1, "e3"));
        assertNotEquals(changed, manifests.manifest("game").etag());

        cache.invalidateAll();
        stored.clear();
        assertEquals(manifests.manifest("sdk").etag(), manifests.manifest("game").etag());
    }

    @Test
    void manifestIsCachedUntilInvalidated() {
        stored.add(asset("a", 1, "e1"));
        AssetManifest m = manifests.manifest("game");
        stored.add(asset("b", 1, "e2"));
        assertEquals(m, manifests.manifest("game"));
        cache.invalidateAll();
        assertEquals(2, manifests.manifest("game").assets().size());
    }

    @Test
    void typesByShortOrEnumName() {
        assertEquals(ManifestType.SDK, ManifestType.parse("sdk"));
        assertEquals(ManifestType.BUNDLE, ManifestType.parse("bundle"));
        assertEquals(ManifestType.MEDIA, ManifestType.parse("asset_type_media"));
        for (String bad : new String[] {"", "video", "ASSET_TYPE_UNSPECIFIED", "unspecified"}) {
            AtlasException e = assertThrows(AtlasException.class, () -> ManifestType.parse(bad));
            assertEquals("type", e.field());
        }
    }
}
