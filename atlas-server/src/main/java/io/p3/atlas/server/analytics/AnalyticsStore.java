package io.p3.atlas.server.analytics;

import java.time.LocalDate;
import java.util.List;

/** Anonymized events and their daily aggregates. */
public interface AnalyticsStore extends SaltStore {

    /**
     * Inserts {@code events} and adds them to the daily aggregates, all in one transaction. Counts are
     * added in SQL and distinct users inserted if absent, so batches from several threads or servers
     * add up exactly.
     */
    void writeBatch(List<AnalyticsEvent> events);

    /**
     * Aggregates of days {@code start}..{@code end} (inclusive), ordered by day then name, optionally only
     * {@code name}, after the keyset ({@code afterDay}, {@code afterName}) when not null.
     */
    List<DailyEventStats> stats(LocalDate start, LocalDate end, String name, LocalDate afterDay, String afterName,
                                int limit);
}
