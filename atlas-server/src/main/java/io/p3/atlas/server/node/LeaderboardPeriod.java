package io.p3.atlas.server.node;

import io.p3.atlas.server.error.AtlasException;
import io.p3.atlas.server.fields.Fields;
import java.time.LocalDate;

/**
 * The days a leaderboard sums: one UTC day, an inclusive range of at most {@link #MAX_DAYS} days, or all
 * time ({@code start} and {@code end} null).
 */
public record LeaderboardPeriod(LocalDate start, LocalDate end) {
    /** The longest range, in days (both ends included). */
    public static final int MAX_DAYS = 366;

    /** Every day ever recorded. */
    public static final LeaderboardPeriod ALL_TIME = new LeaderboardPeriod(null, null);

    public boolean allTime() {
        return start == null;
    }

    public boolean oneDay() {
        return start != null && start.equals(end);
    }

    /** Part of a page token's filters: the period it was cut from. */
    String key() {
        return allTime() ? "all" : oneDay() ? start.toString() : start + ".." + end;
    }

    /**
     * The period ListNodes asks for: {@code statsDate} (one day), {@code startDate} with an optional
     * {@code endDate} (default {@code today}), or {@code allTime}; none of them is {@code today}. Mixing
     * them is INVALID_ARGUMENT naming the field that must go.
     */
    public static LeaderboardPeriod parse(String statsDate, String startDate, String endDate, boolean allTime,
                                          LocalDate today) {
        LocalDate day = Fields.date("stats_date", statsDate);
        LocalDate start = Fields.date("start_date", startDate);
        LocalDate end = Fields.date("end_date", endDate);
        if (allTime) {
            if (day != null || start != null || end != null) {
                throw AtlasException.invalidArgument("all_time",
                        "all_time is a period of its own: leave stats_date, start_date and end_date unset");
            }
            return ALL_TIME;
        }
        if (day != null) {
            if (start != null || end != null) {
                throw AtlasException.invalidArgument("stats_date",
                        "set either stats_date (one day) or start_date and end_date (a range), not both");
            }
            return new LeaderboardPeriod(day, day);
        }
        if (start == null) {
            if (end != null) {
                throw AtlasException.invalidArgument("start_date", "start_date is required with end_date");
            }
            return new LeaderboardPeriod(today, today);
        }
        if (end == null && start.isAfter(today)) {
            throw AtlasException.invalidArgument("start_date", "start_date " + start
                    + " is after today (" + today + ", UTC): a period without end_date runs through today");
        }
        LocalDate last = end == null ? today : end;
        Fields.dateRange(start, last, MAX_DAYS);
        return new LeaderboardPeriod(start, last);
    }
}
