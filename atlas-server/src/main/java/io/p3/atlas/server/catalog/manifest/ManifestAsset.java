package io.p3.atlas.server.catalog.manifest;

/**
 * One asset as a manifest lists it.
 *
 * @param id     the asset's id
 * @param url    where to download it
 * @param size   its size in bytes
 * @param sha256 SHA-256 of its content, lower-case hex
 * @param etag   its entity tag (changes when its content changes)
 */
public record ManifestAsset(String id, String url, long size, String sha256, String etag) {
}
