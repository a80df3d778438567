package io.p3.atlas.server.analytics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.p3.atlas.server.batch.AsyncBatchWriter;
import io.p3.atlas.server.error.AtlasException;
import io.p3.atlas.server.paging.Page;
import io.p3.atlas.server.paging.PageRequest;
import io.p3.atlas.server.paging.Cursor;
import io.p3.atlas.server.fields.Fields;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * AnalyticsService's rules, transport-free: validates events one by one (a bad event is rejected
 * alone), anonymizes wallets, and queues the accepted events for the batch writer all at once or not
 * at all (a full queue is RESOURCE_EXHAUSTED with a retry delay; nothing is ever dropped silently). A call
 * that finds the queue full waits up to {@code queueWait} for written batches to make room first: under a
 * sustained overload the callers are slowed to the writer's pace instead of parsing, validating and
 * anonymizing calls only to refuse most of them.
 * Stats come from the daily aggregates.
 */
public final class AnalyticsService {
    public static final int MAX_EVENTS_PER_CALL = 1000;
    static final int MAX_STATS_DAYS = 366;
    static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final AnalyticsStore store;
    private final WalletAnonymizer anonymizer;
    private final AsyncBatchWriter<AnalyticsEvent> writer;
    private final Clock clock;
    private final Duration queueWait;
    private final Counter accepted;
    private final Counter invalid;
    private final Counter throttled;

    public AnalyticsService(AnalyticsStore store, WalletAnonymizer anonymizer, AsyncBatchWriter<AnalyticsEvent> writer,
                            Clock clock, Duration queueWait, MeterRegistry meters) {
        this.store = store;
        this.anonymizer = anonymizer;
        this.writer = writer;
        this.clock = clock;
        this.queueWait = queueWait;
        this.accepted = Counter.builder("atlas.analytics.events.accepted")
                .description("Events accepted into the write queue").register(meters);
        this.invalid = Counter.builder("atlas.analytics.events.invalid")
                .description("Events rejected by validation").register(meters);
        this.throttled = Counter.builder("atlas.analytics.events.throttled")
                .description("Valid events refused with RESOURCE_EXHAUSTED because the queue was full")
                .register(meters);
    }

    /** How many events were accepted, and which were rejected by validation. */
    public record IngestResult(int acceptedCount, List<EventRejection> rejections) {
    }

    /**
     * Validates {@code events} and queues the valid ones; rejection indexes start at {@code firstIndex}
     * (the position of the first event in its stream, 0 for a single call).
     */
    public IngestResult ingest(List<EventInput> events, int firstIndex) {
        if (events.size() > MAX_EVENTS_PER_CALL) {
            throw AtlasException.invalidArgument("events", "events must hold at most " + MAX_EVENTS_PER_CALL
                    + " events per call, got " + events.size());
        }
        if ((long) firstIndex + events.size() > Integer.MAX_VALUE) {
            throw AtlasException.invalidArgument("events", "a stream takes at most " + Integer.MAX_VALUE
                    + " events; open a new stream");
        }
        Instant now = clock.instant();
        List<AnalyticsEvent> ok = new ArrayList<>(events.size());
        List<EventRejection> rejections = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            EventInput e = events.get(i);
            EventValidator.Problem problem = EventValidator.check(e, now);
            if (problem != null) {
                rejections.add(new EventRejection(firstIndex + i, problem.field(), problem.reason()));
            } else {
                ok.add(toEvent(e, now));
            }
        }
        invalid.increment(rejections.size());
        enqueue(ok);
        accepted.increment(ok.size());
        return new IngestResult(ok.size(), List.copyOf(rejections));
    }

    private AnalyticsEvent toEvent(EventInput e, Instant now) {
        Instant at = e.eventTime() == null ? now : e.eventTime();
        String anon = Fields.isEmpty(e.walletAddress()) ? null
                : anonymizer.anonymize(e.walletAddress(), LocalDate.ofInstant(at, ZoneOffset.UTC));
        return new AnalyticsEvent(e.name(), at, now, anon, emptyToNull(e.streamId()), emptyToNull(e.assetId()),
                emptyToNull(e.appId()), e.properties() == null ? Map.of() : Map.copyOf(e.properties()));
    }

    private void enqueue(List<AnalyticsEvent> events) {
        boolean queued;
        try {
            queued = writer.offerAll(events, queueWait);
        } catch (IllegalStateException closed) {
            throw AtlasException.unavailable("the server is shutting down; retry against another instance", null);
        }
        if (!queued) {
            throttled.increment(events.size());
            throw AtlasException.resourceExhausted("the analytics queue is full; nothing of this request was"
                    + " accepted, retry it after " + RETRY_AFTER.toMillis() + " ms", RETRY_AFTER);
        }
    }

    /** Stats per UTC day and name from the daily aggregates; see GetEventStatsRequest for the defaults. */
    public Page<DailyEventStats> stats(String startDate, String endDate, String name, int pageSize, String pageToken) {
        LocalDate end = Fields.date("end_date", endDate);
        if (end == null) {
            end = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        }
        LocalDate start = Fields.date("start_date", startDate);
        if (start == null) {
            start = end.minusDays(29);
        }
        Fields.dateRange(start, end, MAX_STATS_DAYS);
        String onlyName = Fields.isEmpty(name) ? null : name;
        int size = PageRequest.pageSize(pageSize);
        String filters = "eventStats|" + start + "|" + end + "|" + onlyName;
        Cursor cursor = Cursor.of(pageToken, filters, 2);
        return Page.cut(store.stats(start, end, onlyName, cursor == null ? null : cursor.date(0),
                        cursor == null ? null : cursor.text(1), size + 1), size, filters,
                last -> List.of(last.date().toString(), last.name()));
    }

    private static String emptyToNull(String s) {
        return Fields.isEmpty(s) ? null : s;
    }
}
