package io.p3.atlas.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.grpc.Status;
import io.p3.atlas.v1.DailyEventStats;
import io.p3.atlas.v1.Event;
import io.p3.atlas.v1.IngestEventsResponse;
import io.p3.atlas.v1.StreamEventsResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** AnalyticsClient against the real server: unary and streamed ingestion, daily stats. */
class AnalyticsClientIT extends RealServerTestBase {
    private static final String WALLET = "0xA100000000000000000000000000000000000001";
    private static Event event(String name) {
        return Event.newBuilder().setName(name).setWalletAddress(WALLET).build();
    }

    @Test
    void ingestStreamAndCount() throws Exception {
        IngestEventsResponse unary = atlas.analytics().ingest(List.of(event("it.start"), event("Not Valid!")));
        assertEquals(1, unary.getAcceptedCount());
        assertEquals(1, unary.getRejections(0).getIndex());
        assertEquals("name", unary.getRejections(0).getField());

        StreamEventsResponse streamed;
        try (AnalyticsClient.EventStream s = atlas.analytics().openStream()) {
            s.send(List.of(event("it.beat"), event("it.beat")));
            s.send(List.of(event("it.beat")));
            streamed = s.finish();
        }
        assertEquals(3, streamed.getAcceptedCount());

        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        List<DailyEventStats> stats = Collections.emptyList();
        // Ingestion acknowledges queued events; the writer commits them within its flush interval.
        for (int i = 0; i < 40 && total(stats) < 4; i++) {
            Thread.sleep(100);
            stats = atlas.analytics().stats(today, today, null);
        }
        assertEquals(4, total(stats));
        DailyEventStats beats = atlas.analytics().listEventStats(today, today, "it.beat").firstPage().items().get(0);
        assertEquals(3, beats.getCount());
        assertEquals(1, beats.getUniqueUsers());
    }

    @Test
    void tooManyEventsInOneCallNameTheField() {
        List<Event> many = new ArrayList<>(Collections.nCopies(AnalyticsClient.MAX_EVENTS_PER_CALL + 1, event("x")));
        AtlasClientException e = assertThrows(AtlasClientException.class, () -> atlas.analytics().ingest(many));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.code());
        assertEquals("events", e.field().orElseThrow());
    }

    private static long total(List<DailyEventStats> stats) {
        return stats.stream().mapToLong(DailyEventStats::getCount).sum();
    }
}
