package io.p3.atlas.server.node;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The uptime rule: a heartbeat adds the time since the wallet's previous heartbeat, but only when that
 * gap is at most {@link #MAX_GAP}; a longer gap (or none, or a clock that went backwards) adds nothing.
 * A gap that spans UTC midnight is split: the part before midnight belongs to the old day.
 */
public final class UptimeCalculator {
    /** The longest gap between heartbeats that still counts as uptime. */
    public static final Duration MAX_GAP = Duration.ofMinutes(2);

    private UptimeCalculator() {
    }

    /** Uptime credited to one UTC day. */
    public record DayShare(LocalDate day, long millis) {
    }

    /** The uptime a heartbeat at {@code now} adds, per UTC day, given the {@code previous} one (or null). */
    public static List<DayShare> shares(Instant previous, Instant now) {
        if (previous == null || !now.isAfter(previous)) {
            return List.of();
        }
        if (Duration.between(previous, now).compareTo(MAX_GAP) > 0) {
            return List.of();
        }
        List<DayShare> out = new ArrayList<>(2);
        Instant from = previous;
        while (from.isBefore(now)) {
            LocalDate day = utcDay(from);
            Instant nextMidnight = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            Instant to = nextMidnight.isBefore(now) ? nextMidnight : now;
            out.add(new DayShare(day, Duration.between(from, to).toMillis()));
            from = to;
        }
        return out;
    }

    /** The UTC calendar day of {@code t}. */
    public static LocalDate utcDay(Instant t) {
        return LocalDate.ofInstant(t, ZoneOffset.UTC);
    }
}
