package io.p3.atlas.server.analytics;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * A validated, anonymized event as stored. No wallet address: {@code anonUserId} (or null) replaces it.
 * Optional ids are null when absent.
 */
public record AnalyticsEvent(String name, Instant eventTime, Instant receiveTime, String anonUserId,
                             String streamId, String assetId, String appId, Map<String, String> properties) {

    /** The UTC day the event counts for in the daily aggregates. */
    public LocalDate day() {
        return LocalDate.ofInstant(eventTime, ZoneOffset.UTC);
    }
}
