package io.p3.atlas.server.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The async batch writer with an in-memory sink: batching, bounds, retries, shutdown flush. */
class AsyncBatchWriterTest {
    static final Duration WAIT = Duration.ofSeconds(30);
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final List<List<Integer>> written = Collections.synchronizedList(new ArrayList<>());

    AsyncBatchWriter<Integer> writer(int capacity, int maxBatch, Duration maxDelay, AsyncBatchWriter.Sink<Integer> sink,
                                     Duration closeTimeout) {
        return new AsyncBatchWriter<>("test", sink, new AsyncBatchWriter.Settings(capacity, maxBatch, maxDelay,
                Duration.ofMillis(1), Duration.ofMillis(20), closeTimeout), "atlas.test", meters);
    }

    /** A writer whose sink holds every batch until {@code release} opens. */
    AsyncBatchWriter<Integer> held(int capacity, int maxBatch, Duration maxDelay, CountDownLatch release) {
        return writer(capacity, maxBatch, maxDelay, b -> {
            release.await();
            written.add(b);
        }, WAIT);
    }

    static List<Integer> range(int from, int to) {
        return IntStream.range(from, to).boxed().toList();
    }

    List<Integer> all() {
        synchronized (written) {
            return written.stream().flatMap(List::stream).toList();
        }
    }

    @Test
    void fullBatchIsWrittenWithoutWaitingForTheInterval() throws Exception {
        try (var w = writer(100, 10, Duration.ofHours(1), written::add, WAIT)) {
            assertTrue(w.offerAll(range(0, 10)));
            assertTrue(w.awaitIdle(WAIT));
            assertEquals(List.of(range(0, 10)), written);
        }
    }

    @Test
    void partialBatchIsWrittenAfterTheInterval() throws Exception {
        try (var w = writer(100, 1000, Duration.ofMillis(50), written::add, WAIT)) {
            assertTrue(w.offerAll(range(0, 3)));
            assertTrue(w.awaitIdle(WAIT));
            assertEquals(range(0, 3), all());
        }
    }

    @Test
    void batchesNeverExceedMaxBatchAndKeepOrder() throws Exception {
        try (var w = writer(10_000, 7, Duration.ofMillis(5), written::add, WAIT)) {
            for (int i = 0; i < 100; i += 10) {
                assertTrue(w.offerAll(range(i, i + 10)));
            }
            assertTrue(w.awaitIdle(WAIT));
            assertEquals(range(0, 100), all());
            synchronized (written) {
                written.forEach(b -> assertTrue(b.size() <= 7, "batch of " + b.size()));
            }
            assertEquals(100, meters.get("atlas.test.batch.size").summary().totalAmount());
        }
    }

    @Test
    void severalWritersShareTheQueueAndWriteEverythingOnce() throws Exception {
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger maxConcurrent = new AtomicInteger();
        AsyncBatchWriter.Sink<Integer> slow = batch -> {
            maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
            Thread.sleep(20);
            written.add(batch);
            concurrent.decrementAndGet();
        };
        var settings = new AsyncBatchWriter.Settings(100_000, 50, Duration.ofMillis(5), Duration.ofMillis(1),
                Duration.ofMillis(20), WAIT).withWriters(4);
        try (var w = new AsyncBatchWriter<>("test", slow, settings, "atlas.test", meters)) {
            for (int i = 0; i < 2000; i += 100) {
                assertTrue(w.offerAll(range(i, i + 100)));
            }
            assertTrue(w.awaitIdle(WAIT));
            assertEquals(0, w.pending());
        }
        assertEquals(range(0, 2000), all().stream().sorted().toList());
        assertTrue(written.stream().allMatch(b -> b.size() <= 50));
        assertTrue(maxConcurrent.get() > 1, "batches were written concurrently: " + maxConcurrent.get());
    }

    @Test
    void fullQueueRefusesTheWholeOfferAndTakesNothingOfIt() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (var w = held(5, 1000, Duration.ofHours(1), release)) {
            assertTrue(w.offerAll(range(0, 3)));
            assertFalse(w.offerAll(range(3, 6)), "3 + 3 exceeds the capacity of 5");
            assertEquals(3, w.pending());
            assertTrue(w.offerAll(range(3, 5)));
            assertFalse(w.offerAll(List.of(5)));
            assertEquals(5.0, meters.get("atlas.test.queue.depth").gauge().value());
            release.countDown();
            w.close();
            assertEquals(range(0, 5), all());
        }
    }

    @Test
    void anOfferThatDoesNotFitWaitsForAWrittenBatchToMakeRoomThenGivesUp() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (var w = held(5, 5, Duration.ofMillis(10), release)) {
            assertTrue(w.offerAll(range(0, 5)), "a full batch: taken by the writer, held in flight");
            long start = System.nanoTime();
            assertFalse(w.offerAll(range(5, 7), Duration.ofMillis(100)), "no room within the wait");
            assertTrue(System.nanoTime() - start >= Duration.ofMillis(100).toNanos(), "it waited");
            assertFalse(w.offerAll(range(0, 6), WAIT), "more than the capacity never fits: no wait");

            CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> w.offerAll(range(5, 7), WAIT));
            Thread.sleep(100);
            assertFalse(waiting.isDone(), "still waiting while the batch is in flight");
            release.countDown();
            assertTrue(waiting.get(30, TimeUnit.SECONDS), "the committed batch made room");
            assertTrue(w.awaitIdle(WAIT));
            assertEquals(range(0, 7), all());
        }
    }

    @Test
    void closingEndsTheWaitOfAnOffer() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        var w = held(2, 2, Duration.ofHours(1), release);
        assertTrue(w.offerAll(range(0, 2)));
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> w.offerAll(range(2, 4), WAIT));
        Thread.sleep(100);
        Thread closer = new Thread(w::close);
        closer.start();
        ExecutionException e = assertThrows(ExecutionException.class, () -> waiting.get(30, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof IllegalStateException, e.toString());
        release.countDown();
        closer.join(30_000);
        assertEquals(range(0, 2), all());
    }

    @Test
    void failingWritesAreRetriedUntilTheySucceedAndNothingIsLost() throws Exception {
        AtomicInteger failuresLeft = new AtomicInteger(4);
        try (var w = writer(100, 1000, Duration.ofMillis(1), b -> {
            if (failuresLeft.getAndDecrement() > 0) {
                throw new java.sql.SQLTransientConnectionException("database down");
            }
            written.add(b);
        }, WAIT)) {
            assertTrue(w.offerAll(range(0, 4)));
            assertTrue(w.awaitIdle(WAIT));
            assertEquals(range(0, 4), all());
            assertEquals(4.0, meters.get("atlas.test.write.retries").counter().count());
            assertEquals(0.0, meters.get("atlas.test.dropped").counter().count());
        }
    }

    @Test
    void retryNowEndsTheBackoffPauseAtOnce() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        var settings = new AsyncBatchWriter.Settings(100, 1000, Duration.ofMillis(1), Duration.ofHours(1),
                Duration.ofHours(1), WAIT);
        try (var w = new AsyncBatchWriter<Integer>("test", b -> {
            if (attempts.incrementAndGet() == 1) {
                throw new java.sql.SQLTransientConnectionException("database down");
            }
            written.add(b);
        }, settings, "atlas.test", meters)) {
            assertTrue(w.offerAll(range(0, 3)));
            while (meters.get("atlas.test.write.retries").counter().count() < 1) {
                Thread.sleep(5);
            }
            assertFalse(w.awaitIdle(Duration.ofMillis(100)), "pausing an hour before the retry");
            w.retryNow(); // e.g. the database answers again
            assertTrue(w.awaitIdle(WAIT));
            assertEquals(range(0, 3), all());
            assertEquals(2, attempts.get());
        }
    }

    @Test
    void closeWritesEverythingAcceptedThenRefusesMore() {
        var w = writer(1000, 1000, Duration.ofHours(1), written::add, WAIT);
        assertTrue(w.offerAll(range(0, 10)));
        assertTrue(w.offerAll(range(10, 20)));
        w.close();
        assertEquals(range(0, 20), all());
        assertEquals(0, w.pending());
        assertThrows(IllegalStateException.class, () -> w.offerAll(List.of(1)));
    }

    @Test
    void atShutdownASinkThatNeverRecoversIsGivenUpOnVisibly() {
        var w = writer(1000, 1000, Duration.ofHours(1), b -> {
            throw new java.sql.SQLTransientConnectionException("database down");
        }, Duration.ofMillis(50));
        assertTrue(w.offerAll(range(0, 6)));
        w.close();
        assertEquals(0, w.pending());
        assertEquals(6.0, meters.get("atlas.test.dropped").counter().count());
    }
}
