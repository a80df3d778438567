package io.p3.atlas.server.catalog.manifest;

import io.p3.atlas.server.error.AtlasException;
import io.p3.atlas.server.fields.Fields;
import java.util.Locale;

/** The asset types a manifest is kept for (the contract's AssetType, mapped at the transport edge). */
public enum ManifestType {
    SDK, BUNDLE, GAME, MEDIA;

    /**
     * {@code sdk}, {@code bundle}, {@code game}, {@code media} or the contract's name ({@code ASSET_TYPE_SDK}),
     * any case; anything else is INVALID_ARGUMENT naming {@code type}.
     */
    public static ManifestType parse(String type) {
        String t = type == null ? "" : type.strip().toUpperCase(Locale.ROOT);
        if (t.startsWith("ASSET_TYPE_")) {
            t = t.substring("ASSET_TYPE_".length());
        }
        for (ManifestType m : values()) {
            if (m.name().equals(t)) {
                return m;
            }
        }
        throw AtlasException.invalidArgument("type", "type must be one of sdk, bundle, game, media, got '"
                + Fields.shorten(type == null ? "" : type) + "'");
    }
}
