package io.p3.atlas.server.catalog.app;

import java.time.Instant;

/** A registered app (see the App message in catalog.proto); optional fields are empty strings when unset. */
public record App(String id, String name, String description, String entryAssetId, String version, String iconUrl,
                  String category, Instant createTime) {

    /** Lower-case category, for case-insensitive filtering. */
    public String categoryLower() {
        return category.toLowerCase(java.util.Locale.ROOT);
    }
}
