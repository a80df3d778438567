package io.p3.atlas.server.catalog.manifest;

import java.time.Instant;
import java.util.List;

/** Every asset of one type, ordered by id, with their total size and an etag over the set. */
public record AssetManifest(ManifestType type, List<ManifestAsset> assets, long totalSize, String etag,
                            Instant generateTime) {

    public AssetManifest {
        assets = List.copyOf(assets);
    }
}
