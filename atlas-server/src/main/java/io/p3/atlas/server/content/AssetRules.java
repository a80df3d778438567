package io.p3.atlas.server.content;

import io.p3.atlas.server.error.AtlasException;
import io.p3.atlas.server.fields.Fields;
import java.net.URI;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/** Validation of asset request fields beyond the shared {@link Fields}; each failure is INVALID_ARGUMENT naming the field. */
final class AssetRules {
    static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern CONTENT_TYPE =
            Pattern.compile("[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+( *;[ -~]*)?");

    private AssetRules() {
    }

    /** The id as given, or a new UUID when empty. */
    static String idOrNew(String id) {
        return Fields.isEmpty(id) ? UUID.randomUUID().toString() : id(id);
    }

    /** A required, well-formed id. */
    static String id(String id) {
        return Fields.id("id", id);
    }

    /** A required asset type. */
    static AssetKind type(AssetKind type) {
        if (type == null) {
            throw AtlasException.invalidArgument("type",
                    "type is required: ASSET_TYPE_SDK, ASSET_TYPE_BUNDLE, ASSET_TYPE_GAME or ASSET_TYPE_MEDIA");
        }
        return type;
    }

    /** An optional content type; the default when empty. */
    static String contentType(String contentType) {
        if (Fields.isEmpty(contentType)) {
            return DEFAULT_CONTENT_TYPE;
        }
        if (contentType.length() > 255 || !CONTENT_TYPE.matcher(contentType).matches()) {
            throw AtlasException.invalidArgument("content_type",
                    "content_type must be a media type such as video/mp4, got '" + Fields.shorten(contentType) + "'");
        }
        return contentType;
    }

    /** An optional expected sha256 in lower case, or null when empty. */
    static String expectedSha256(String sha256) {
        if (Fields.isEmpty(sha256)) {
            return null;
        }
        if (!SHA256.matcher(sha256).matches()) {
            throw AtlasException.invalidArgument("sha256",
                    "sha256 must be 64 hex digits, got '" + Fields.shorten(sha256) + "'");
        }
        return sha256.toLowerCase(Locale.ROOT);
    }

    /** A required absolute http(s) URL with a host and no credentials. */
    static URI sourceUrl(String url) {
        return Fields.httpUrl("source_url", url);
    }
}
