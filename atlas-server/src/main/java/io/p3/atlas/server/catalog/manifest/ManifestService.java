package io.p3.atlas.server.catalog.manifest;

import io.p3.atlas.server.catalog.cache.CatalogCache;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/** GetAssetManifest: per-type manifests from an {@link AssetManifestSource}, cached like every catalog read. */
public final class ManifestService {
    private final AssetManifestSource source;
    private final CatalogCache cache;
    private final Clock clock;

    public ManifestService(AssetManifestSource source, CatalogCache cache, Clock clock) {
        this.source = source;
        this.cache = cache;
        this.clock = clock;
    }

    /** The manifest of {@code type}: "sdk", "bundle", "game", "media" or an AssetType name, any case. */
    public AssetManifest manifest(String type) {
        ManifestType t = ManifestType.parse(type);
        return cache.get(CatalogCache.Area.MANIFESTS, t, () -> build(t, source.assets(t)));
    }

    AssetManifest build(ManifestType type, List<ManifestAsset> assets) {
        List<ManifestAsset> sorted = new ArrayList<>(assets);
        sorted.sort(Comparator.comparing(ManifestAsset::id));
        long total = 0;
        for (ManifestAsset a : sorted) {
            total += a.size();
        }
        return new AssetManifest(type, sorted, total, etag(sorted), clock.instant());
    }

    /**
     * SHA-256 (first 32 hex digits) over each asset's id and etag, in id order: the same set gives the
     * same etag, any added, removed or changed asset another.
     */
    static String etag(List<ManifestAsset> sortedById) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (ManifestAsset a : sortedById) {
                md.update(a.id().getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
                md.update(a.etag().getBytes(StandardCharsets.UTF_8));
                md.update((byte) '\n');
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
