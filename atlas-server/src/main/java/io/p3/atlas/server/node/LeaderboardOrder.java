package io.p3.atlas.server.node;

import io.p3.atlas.server.error.AtlasException;
import java.util.Locale;

/** The orders ListNodes accepts; each names the column it sorts by (descending, then wallet ascending). */
public enum LeaderboardOrder {
    BYTES_SERVED("bytes_served desc", "bytes_served"),
    UPTIME("uptime_ms desc", "uptime_ms");

    private final String text;
    private final String column;

    LeaderboardOrder(String text, String column) {
        this.text = text;
        this.column = column;
    }

    /** The AIP-132 {@code order_by} text, e.g. {@code "bytes_served desc"}. */
    public String text() {
        return text;
    }

    /** The SQL column; a closed set, safe to splice into SQL. */
    public String column() {
        return column;
    }

    /** Parses {@code order_by} (blank means bytes served); whitespace and case don't matter. */
    public static LeaderboardOrder parse(String orderBy) {
        if (orderBy == null || orderBy.isBlank()) {
            return BYTES_SERVED;
        }
        String norm = orderBy.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
        for (LeaderboardOrder o : values()) {
            if (o.text.equals(norm)) {
                return o;
            }
        }
        throw AtlasException.invalidArgument("order_by",
                "order_by must be \"bytes_served desc\" or \"uptime_ms desc\", got '" + orderBy + "'");
    }
}
