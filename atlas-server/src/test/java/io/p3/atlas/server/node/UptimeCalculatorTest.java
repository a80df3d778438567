package io.p3.atlas.server.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.p3.atlas.server.node.UptimeCalculator.DayShare;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class UptimeCalculatorTest {
    private static final Instant T = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void firstHeartbeatAddsNothing() {
        assertTrue(UptimeCalculator.shares(null, T).isEmpty());
    }

    @Test
    void gapWithinLimitCountsWhole() {
        assertEquals(List.of(new DayShare(LocalDate.parse("2026-03-01"), 45_000)),
                UptimeCalculator.shares(T, T.plusSeconds(45)));
    }

    @Test
    void gapOfExactlyTwoMinutesCounts() {
        assertEquals(List.of(new DayShare(LocalDate.parse("2026-03-01"), 120_000)),
                UptimeCalculator.shares(T, T.plusMillis(120_000)));
    }

    @Test
    void gapOverTwoMinutesAddsNothing() {
        assertTrue(UptimeCalculator.shares(T, T.plusMillis(120_001)).isEmpty());
    }

    @Test
    void clockGoingBackwardsAddsNothing() {
        assertTrue(UptimeCalculator.shares(T, T.minusSeconds(5)).isEmpty());
        assertTrue(UptimeCalculator.shares(T, T).isEmpty());
    }

    @Test
    void gapAcrossMidnightIsSplitBetweenDays() {
        Instant before = Instant.parse("2026-03-01T23:59:30Z");
        Instant after = Instant.parse("2026-03-02T00:00:45Z");
        assertEquals(List.of(new DayShare(LocalDate.parse("2026-03-01"), 30_000),
                        new DayShare(LocalDate.parse("2026-03-02"), 45_000)),
                UptimeCalculator.shares(before, after));
    }

    @Test
    void heartbeatExactlyAtMidnightBelongsToOldDayOnly() {
        Instant before = Instant.parse("2026-03-01T23:59:00Z");
        Instant midnight = Instant.parse("2026-03-02T00:00:00Z");
        assertEquals(List.of(new DayShare(LocalDate.parse("2026-03-01"), 60_000)),
                UptimeCalculator.shares(before, midnight));
    }

    @Test
    void utcDayIgnoresJvmZone() {
        assertEquals(LocalDate.parse("2026-03-02"), UptimeCalculator.utcDay(Instant.parse("2026-03-02T00:00:00Z")));
        assertEquals(LocalDate.parse("2026-03-01"), UptimeCalculator.utcDay(Instant.parse("2026-03-01T23:59:59.999Z")));
    }
}
