package io.p3.atlas.server.catalog.manifest;

import java.util.List;

/**
 * The stored assets that manifests list, per type. The content feature provides it, wired by the
 * composition root; {@link #EMPTY} stands in until it is wired. Called on the blocking executor; may do I/O.
 */
@FunctionalInterface
public interface AssetManifestSource {

    /** No assets of any type. */
    AssetManifestSource EMPTY = type -> List.of();

    /** Every stored asset of {@code type}, in any order. */
    List<ManifestAsset> assets(ManifestType type);
}
