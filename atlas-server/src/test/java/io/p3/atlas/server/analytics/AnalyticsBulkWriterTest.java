package io.p3.atlas.server.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

/** COPY's timestamps: ISO-8601 in UTC, rounded to the microsecond like PgJDBC rounds parameters. */
class AnalyticsBulkWriterTest {
    @Test
    void timestampsAreRoundedToTheMicrosecondAcrossSecondsAndDays() {
        AnalyticsBulkWriter.Timestamps times = new AnalyticsBulkWriter.Timestamps();
        List<String> inputs = List.of("2026-03-10T09:08:07.123456789Z", "2026-03-10T09:08:07.123456499Z",
                "2026-03-10T09:08:07Z", "2026-03-10T09:08:07.000001Z", "2026-03-10T09:08:07.9999995Z",
                "2026-03-10T23:59:59.9999999Z", "2026-03-10T09:08:00.5Z", "1970-01-01T00:00:00Z",
                "2026-03-10T09:08:07.0000005Z");
        List<String> expected = List.of("2026-03-10T09:08:07.123457Z", "2026-03-10T09:08:07.123456Z",
                "2026-03-10T09:08:07.000000Z", "2026-03-10T09:08:07.000001Z", "2026-03-10T09:08:08.000000Z",
                "2026-03-11T00:00:00.000000Z", "2026-03-10T09:08:00.500000Z", "1970-01-01T00:00:00.000000Z",
                "2026-03-10T09:08:07.000001Z");
        for (int i = 0; i < inputs.size(); i++) {
            Instant t = Instant.parse(inputs.get(i));
            String text = times.append(new StringBuilder(), t).toString();
            assertEquals(expected.get(i), text, inputs.get(i));
            assertEquals(t.plusNanos(500).truncatedTo(ChronoUnit.MICROS), Instant.parse(text), inputs.get(i));
        }
    }
}
