package io.p3.atlas.server.analytics;

import java.time.LocalDate;

/** One event name's numbers for one UTC day. */
public record DailyEventStats(LocalDate date, String name, long count, long uniqueUsers) {
}
