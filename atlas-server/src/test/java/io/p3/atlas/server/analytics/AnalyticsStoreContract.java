package io.p3.atlas.server.analytics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.p3.atlas.server.paging.Page;
import io.p3.atlas.server.batch.AsyncBatchWriter;
import io.p3.atlas.server.persistence.Database;
import io.p3.atlas.server.persistence.DatabaseUrl;
import io.p3.atlas.server.testing.MutableClock;
import io.p3.atlas.server.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The analytics store and service rules against each real database (H2 and PostgreSQL subclasses):
 * salts shared by restarts and instances, aggregates exact across batches, stats paging.
 */
abstract class AnalyticsStoreContract {
    static final String W1 = "0x1111111111111111111111111111111111111111";
    static final String W2 = "0x2222222222222222222222222222222222222222";
    static final LocalDate DAY = LocalDate.parse("2026-03-10");

    final MutableClock clock = MutableClock.at("2026-03-10T12:00:00Z");
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final List<AutoCloseable> toClose = new ArrayList<>();
    DatabaseUrl url;
    Database db;
    MyBatisAnalyticsStore store;

    abstract TestDatabase database();

    @BeforeEach
    void open() {
        url = database().newDatabase();
        db = openDb();
        store = new MyBatisAnalyticsStore(db);
    }

    Database openDb() {
        Database d = Database.open(url, meters, List.of(AnalyticsMapper.class));
        toClose.add(d);
        return d;
    }

    @AfterEach
    void close() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    static AnalyticsEvent event(String name, Instant at, String anon) {
        return new AnalyticsEvent(name, at, at, anon, "s1", null, null, Map.of("k", "v"));
    }

    Instant at(LocalDate day) {
        return day.atTime(10, 0).toInstant(java.time.ZoneOffset.UTC);
    }

    List<DailyEventStats> allStats() {
        return store.stats(DAY.minusDays(30), DAY.plusDays(30), null, null, null, 1000);
    }

    @Test
    void saltIsInsertedOnceAndReadBack() {
        byte[] first = store.saltFor(DAY, new byte[32]);
        byte[] other = new byte[32];
        other[0] = 7;
        assertArrayEquals(first, store.saltFor(DAY, other), "the first salt stays");
        assertArrayEquals(new byte[32], store.findSalt(DAY).orElseThrow());
        assertTrue(store.findSalt(DAY.plusDays(1)).isEmpty());
    }

    @Test
    void restartWithinTheDayKeepsIds() {
        String before = new WalletAnonymizer(store, clock).anonymize(W1, DAY);
        Database reopened = openDb();
        String after = new WalletAnonymizer(new MyBatisAnalyticsStore(reopened), clock).anonymize(W1, DAY);
        assertEquals(before, after);
    }

    @Test
    void twoInstancesRacingForTheDaysSaltAgree() throws Exception {
        Database second = openDb();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> ids = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                AnalyticsStore s = i % 2 == 0 ? store : new MyBatisAnalyticsStore(second);
                ids.add(pool.submit(() -> new WalletAnonymizer(s, clock).anonymize(W1, DAY)));
            }
            String first = ids.get(0).get();
            for (Future<String> id : ids) {
                assertEquals(first, id.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void purgeDeletesSaltsOlderThan48HoursAndOldIdsBecomeUnlinkable() {
        WalletAnonymizer anonymizer = new WalletAnonymizer(store, clock);
        String stored = anonymizer.anonymize(W1, DAY);
        clock.set(Instant.parse("2026-03-11T23:59:59Z"));
        assertEquals(0, anonymizer.purgeExpired());
        assertTrue(store.findSalt(DAY).isPresent());
        clock.set(Instant.parse("2026-03-12T00:00:00Z"));
        assertEquals(1, anonymizer.purgeExpired());
        assertTrue(store.findSalt(DAY).isEmpty());
        // Neither this server nor a fresh one can map the wallet on that day to the stored id any more.
        assertNotEquals(stored, anonymizer.anonymize(W1, DAY));
        assertNotEquals(stored, new WalletAnonymizer(store, clock).idFor(W1, DAY));
    }

    @Test
    void aggregatesAreExactAcrossBatches() {
        store.writeBatch(List.of(event("app.open", at(DAY), "u1"), event("app.open", at(DAY), "u1"),
                event("app.open", at(DAY), "u2"), event("stream.start", at(DAY), null)));
        store.writeBatch(List.of(event("app.open", at(DAY), "u2"), event("app.open", at(DAY), "u3"),
                event("app.open", at(DAY.plusDays(1)), "u1")));
        assertEquals(List.of(
                new DailyEventStats(DAY, "app.open", 5, 3),
                new DailyEventStats(DAY, "stream.start", 1, 0),
                new DailyEventStats(DAY.plusDays(1), "app.open", 1, 1)), allStats());
        assertEquals(List.of(new DailyEventStats(DAY, "stream.start", 1, 0)),
                store.stats(DAY, DAY, "stream.start", null, null, 10));
    }

    @Test
    void aBatchThatFailedCountsNoUserAsSeen() {
        // The second event's name is too long for its column: the whole batch rolls back, u1 included.
        assertThrows(RuntimeException.class, () -> store.writeBatch(List.of(event("app.open", at(DAY), "u1"),
                event("x".repeat(65), at(DAY), "u2"))));
        assertEquals(List.of(), allStats());
        store.writeBatch(List.of(event("app.open", at(DAY), "u1")));
        store.writeBatch(List.of(event("app.open", at(DAY), "u1")));
        assertEquals(List.of(new DailyEventStats(DAY, "app.open", 2, 1)), allStats(),
                "u1 counted once, by the batch that committed");
    }

    @Test
    void aggregatesAreExactWithTwoInstancesWritingConcurrently() throws Exception {
        // Two servers on one database, each with its own writer (which retries conflicts), fed by 4 threads.
        List<AsyncBatchWriter<AnalyticsEvent>> writers = List.of(writer(store), writer(new MyBatisAnalyticsStore(openDb())));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                AsyncBatchWriter<AnalyticsEvent> w = writers.get(t % 2);
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int b = 0; b < 5; b++) {
                        List<AnalyticsEvent> batch = new ArrayList<>();
                        for (int i = 0; i < 20; i++) {
                            // 10 users shared by every thread; two names.
                            batch.add(event(i % 2 == 0 ? "a" : "b", at(DAY), "user" + ((thread + b + i) % 10)));
                        }
                        assertTrue(w.offerAll(batch));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            for (AsyncBatchWriter<AnalyticsEvent> w : writers) {
                assertTrue(w.awaitIdle(Duration.ofSeconds(60)));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of(new DailyEventStats(DAY, "a", 400, 10), new DailyEventStats(DAY, "b", 400, 10)),
                allStats());
        assertEquals(0.0, meters.get("atlas.analytics.dropped").counter().count());
    }

    AsyncBatchWriter<AnalyticsEvent> writer(AnalyticsStore s) {
        AsyncBatchWriter<AnalyticsEvent> w = new AsyncBatchWriter<>("t", s::writeBatch,
                new AnalyticsConfig(10_000, 30, Duration.ofMillis(2), Duration.ofMillis(20), Duration.ofSeconds(5),
                        Duration.ZERO)
                        .writerSettings(), "atlas.analytics", meters);
        toClose.add(w);
        return w;
    }

    @Test
    void largeBatchesSpanSeveralJdbcBatches() {
        List<AnalyticsEvent> batch = new ArrayList<>();
        for (int i = 0; i < MyBatisAnalyticsStore.ROWS_PER_INSERT * 2 + 1; i++) {
            batch.add(event("asset.download", at(DAY), "u" + i));
        }
        store.writeBatch(batch);
        long n = 2L * MyBatisAnalyticsStore.ROWS_PER_INSERT + 1;
        assertEquals(List.of(new DailyEventStats(DAY, "asset.download", n, n)), allStats());
    }

    /** COPY's text format escapes backslash, tab and newline; everything else arrives byte for byte. */
    @Test
    void eventsAreStoredExactlyWhateverTheirCharacters() throws Exception {
        Map<String, String> props = Map.of("path", "C:\\dir\\file\tname\nline\r", "quote", "\"'\\N",
                "unicode", "ü 日本 😀", "empty", "");
        Instant t = Instant.parse("2026-03-10T09:08:07.123456789Z");
        store.writeBatch(List.of(new AnalyticsEvent("app.open", t, t.plusMillis(5), null, "s-1", null, "a.b", props),
                new AnalyticsEvent("app.open", t, t, "x", null, "asset~1", null, Map.of())));
        try (var session = db.sessions().openSession(true);
             var rs = session.getConnection().createStatement().executeQuery("SELECT name, event_time, receive_time,"
                     + " anon_user_id, stream_id, asset_id, app_id, properties FROM analytics_events ORDER BY id")) {
            assertTrue(rs.next());
            assertEquals("app.open", rs.getString(1));
            assertEquals(Instant.parse("2026-03-10T09:08:07.123457Z"),
                    rs.getObject(2, java.time.OffsetDateTime.class).toInstant());
            assertEquals(Instant.parse("2026-03-10T09:08:07.128457Z"),
                    rs.getObject(3, java.time.OffsetDateTime.class).toInstant());
            assertEquals(null, rs.getString(4));
            assertEquals("s-1", rs.getString(5));
            assertEquals(null, rs.getString(6));
            assertEquals("a.b", rs.getString(7));
            assertEquals(MyBatisAnalyticsStore.toJson(props), rs.getString(8));
            assertTrue(rs.next());
            assertEquals("x", rs.getString(4));
            assertEquals("asset~1", rs.getString(6));
            assertEquals(null, rs.getString(8));
            assertTrue(!rs.next());
        }
        assertEquals(List.of(new DailyEventStats(LocalDate.parse("2026-03-10"), "app.open", 2, 1)), allStats());
    }

    @Test
    void serviceIngestsThroughTheWriterAndPagesStats() throws Exception {
        WalletAnonymizer anonymizer = new WalletAnonymizer(store, clock);
        AsyncBatchWriter<AnalyticsEvent> writer = writer(store);
        AnalyticsService service = new AnalyticsService(store, anonymizer, writer, clock, Duration.ZERO, meters);
        List<EventInput> in = new ArrayList<>();
        for (String name : List.of("a.one", "b.two", "c.three")) {
            in.add(new EventInput(name, W1, "", "", "", Map.of(), null));
            in.add(new EventInput(name, W2.toUpperCase().replace("0X", "0x"), "", "", "", Map.of(), null));
            in.add(new EventInput(name, W1.toUpperCase().replace("0X", "0x"), "", "", "", Map.of(),
                    clock.instant().minus(Duration.ofDays(1))));
        }
        in.add(new EventInput("BAD", W1, "", "", "", Map.of(), null));
        AnalyticsService.IngestResult r = service.ingest(in, 0);
        assertEquals(9, r.acceptedCount());
        assertEquals(List.of(new EventRejection(9, "name", r.rejections().get(0).reason())), r.rejections());
        assertTrue(writer.awaitIdle(Duration.ofSeconds(30)));

        Page<DailyEventStats> p1 = service.stats("2026-03-09", "2026-03-10", "", 2, "");
        assertEquals(List.of(new DailyEventStats(DAY.minusDays(1), "a.one", 1, 1),
                new DailyEventStats(DAY.minusDays(1), "b.two", 1, 1)), p1.items());
        Page<DailyEventStats> p2 = service.stats("2026-03-09", "2026-03-10", "", 2, p1.nextPageToken());
        assertEquals(List.of(new DailyEventStats(DAY.minusDays(1), "c.three", 1, 1),
                new DailyEventStats(DAY, "a.one", 2, 2)), p2.items());
        Page<DailyEventStats> p3 = service.stats("", "", "c.three", 0, "");
        assertEquals(List.of(new DailyEventStats(DAY.minusDays(1), "c.three", 1, 1),
                new DailyEventStats(DAY, "c.three", 2, 2)), p3.items());
        assertEquals("", p3.nextPageToken());
    }
}
