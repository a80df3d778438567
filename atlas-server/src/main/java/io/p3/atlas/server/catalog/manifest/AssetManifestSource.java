package io.p3.atlas.server.catalog.manifest;

import io.p3.atlas.v1.AssetType;
import java.util.List;

/**
 * The stored assets that manifests list, per type. The content store (StreamService) provides it;
 * {@link #EMPTY} stands in until it is wired. Called on the blocking executor; may do I/O.
 */
@FunctionalInterface
public interface AssetManifestSource {

    /** No assets of any type. */
    AssetManifestSource EMPTY = type -> List.of();

    /** Every stored asset of {@code type} (never {@code ASSET_TYPE_UNSPECIFIED}), in any order. */
    List<ManifestAsset> assets(AssetType type);
}
