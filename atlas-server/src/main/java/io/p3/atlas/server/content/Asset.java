package io.p3.atlas.server.content;

import java.time.Instant;

/**
 * An asset's metadata. {@code sha256} and {@code size} are null for a pull-through asset whose bytes
 * were not fetched yet; {@code sourceUrl} is null for uploaded assets.
 */
public record Asset(String id, AssetKind type, String contentType, Long size, String sha256, String sourceUrl,
                    Instant createTime) {

    /** How many leading hex digits of the sha256 make the entity tag (128 bits). */
    static final int ETAG_HEX_DIGITS = 32;

    /** True once the bytes are stored here. */
    public boolean fetched() {
        return sha256 != null;
    }

    /** Where clients GET the bytes on this server. */
    public String url() {
        return "/content/" + id;
    }

    /** The strong entity tag, unquoted: the first 32 hex digits of the sha256; null until fetched. */
    public String etag() {
        return sha256 == null ? null : sha256.substring(0, ETAG_HEX_DIGITS);
    }

    /** The same asset with its bytes recorded. */
    Asset withContent(String newSha256, long newSize, String newContentType) {
        return new Asset(id, type, newContentType, newSize, newSha256, sourceUrl, createTime);
    }
}
