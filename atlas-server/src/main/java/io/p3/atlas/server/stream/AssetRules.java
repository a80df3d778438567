package io.p3.atlas.server.stream;

import io.p3.atlas.server.error.AtlasException;
import io.p3.atlas.v1.AssetType;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/** Validation of asset request fields; each failure is INVALID_ARGUMENT naming the field. */
final class AssetRules {
    static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern CONTENT_TYPE =
            Pattern.compile("[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+( *;[ -~]*)?");

    private AssetRules() {
    }

    /** The id as given, or a new UUID when empty. */
    static String idOrNew(String id) {
        return id == null || id.isEmpty() ? UUID.randomUUID().toString() : id(id);
    }

    /** A required, well-formed id. */
    static String id(String id) {
        if (id == null || id.isEmpty()) {
            throw AtlasException.invalidArgument("id", "id is required");
        }
        if (!ID.matcher(id).matches()) {
            throw AtlasException.invalidArgument("id", "id must be 1-128 characters of A-Z a-z 0-9 . _ -"
                    + " and not start with '.', got '" + shorten(id) + "'");
        }
        return id;
    }

    /** A required asset type. */
    static AssetType type(AssetType type) {
        if (type == null || type == AssetType.ASSET_TYPE_UNSPECIFIED || type == AssetType.UNRECOGNIZED) {
            throw AtlasException.invalidArgument("type",
                    "type is required: ASSET_TYPE_SDK, ASSET_TYPE_BUNDLE, ASSET_TYPE_GAME or ASSET_TYPE_MEDIA");
        }
        return type;
    }

    /** {@code sdk}, {@code media}, … or {@code ASSET_TYPE_MEDIA} (any case) as an AssetType. */
    static AssetType parseType(String raw, String field) {
        if (raw == null || raw.isEmpty()) {
            throw AtlasException.invalidArgument(field, field + " is required: sdk, bundle, game or media");
        }
        String name = raw.toUpperCase(Locale.ROOT);
        if (!name.startsWith("ASSET_TYPE_")) {
            name = "ASSET_TYPE_" + name;
        }
        for (AssetType t : AssetType.values()) {
            if (t != AssetType.UNRECOGNIZED && t != AssetType.ASSET_TYPE_UNSPECIFIED && t.name().equals(name)) {
                return t;
            }
        }
        throw AtlasException.invalidArgument(field,
                field + " must be sdk, bundle, game or media, got '" + shorten(raw) + "'");
    }

    /** The short lower-case name of a type: {@code media} for ASSET_TYPE_MEDIA (metric tags). */
    static String shortName(AssetType type) {
        return type.name().substring("ASSET_TYPE_".length()).toLowerCase(Locale.ROOT);
    }

    /** An optional content type; the default when empty. */
    static String contentType(String contentType) {
        if (contentType == null || contentType.isEmpty()) {
            return DEFAULT_CONTENT_TYPE;
        }
        if (contentType.length() > 255 || !CONTENT_TYPE.matcher(contentType).matches()) {
            throw AtlasException.invalidArgument("content_type",
                    "content_type must be a media type such as video/mp4, got '" + shorten(contentType) + "'");
        }
        return contentType;
    }

    /** An optional expected sha256 in lower case, or null when empty. */
    static String expectedSha256(String sha256) {
        if (sha256 == null || sha256.isEmpty()) {
            return null;
        }
        if (!SHA256.matcher(sha256).matches()) {
            throw AtlasException.invalidArgument("sha256", "sha256 must be 64 hex digits, got '" + shorten(sha256) + "'");
        }
        return sha256.toLowerCase(Locale.ROOT);
    }

    /** A required absolute http(s) URL with a host. */
    static URI sourceUrl(String url) {
        if (url == null || url.isEmpty()) {
            throw AtlasException.invalidArgument("source_url", "source_url is required: an http or https URL");
        }
        if (url.length() > 2048) {
            throw AtlasException.invalidArgument("source_url", "source_url must be at most 2048 characters");
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw AtlasException.invalidArgument("source_url",
                        "source_url must be an absolute http or https URL, got '" + shorten(url) + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw AtlasException.invalidArgument("source_url", "source_url is not a valid URL: " + e.getReason());
        }
    }

    static String shorten(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
