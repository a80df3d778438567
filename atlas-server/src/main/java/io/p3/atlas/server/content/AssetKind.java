package io.p3.atlas.server.content;

import io.p3.atlas.server.error.AtlasException;
import io.p3.atlas.server.fields.Fields;
import java.util.Locale;

/**
 * What an asset is for: the domain side of the contract's {@code atlas.v1.AssetType} (mapped at the
 * transport edge by {@link AssetProtos}). Stored in the database as the contract's enum name
 * ({@code ASSET_TYPE_MEDIA}), as every row written so far holds it.
 */
public enum AssetKind {
    SDK, BUNDLE, GAME, MEDIA;

    private static final String DB_PREFIX = "ASSET_TYPE_";

    /** The short lower-case name: {@code media} (query parameters, metric tags, manifests). */
    public String shortName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The database value: {@code ASSET_TYPE_MEDIA}. */
    String dbValue() {
        return DB_PREFIX + name();
    }

    static AssetKind fromDbValue(String value) {
        return valueOf(value.substring(DB_PREFIX.length()));
    }

    /**
     * {@code sdk}, {@code media}, … or the contract's {@code ASSET_TYPE_MEDIA}, in any case; anything else is
     * INVALID_ARGUMENT naming {@code field}.
     */
    public static AssetKind parse(String raw, String field) {
        if (raw == null || raw.isEmpty()) {
            throw AtlasException.invalidArgument(field, field + " is required: sdk, bundle, game or media");
        }
        String name = raw.toUpperCase(Locale.ROOT);
        if (name.startsWith(DB_PREFIX)) {
            name = name.substring(DB_PREFIX.length());
        }
        for (AssetKind k : values()) {
            if (k.name().equals(name)) {
                return k;
            }
        }
        throw AtlasException.invalidArgument(field,
                field + " must be sdk, bundle, game or media, got '" + Fields.shorten(raw) + "'");
    }
}
