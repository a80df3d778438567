package io.p3.atlas.server.batch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fire-and-forget batched writes: callers hand over items and return at once (acknowledged when
 * queued, unlike {@link GroupCommitWriter}, which acknowledges after commit). One writer thread takes
 * up to {@code maxBatch} items, or whatever arrived within {@code maxDelay} of the first one, and
 * hands them to the {@link Sink} as one batch (one transaction).
 *
 * <ul>
 *   <li>Bounded: at most {@code capacity} items are accepted but not yet committed. {@link #offerAll}
 *       takes all of its items or none and never blocks, so callers can answer RESOURCE_EXHAUSTED.</li>
 *   <li>Never drops silently: a failing batch is retried with exponential backoff (a database outage
 *       keeps items queued; the writer recovers by itself when the database returns).</li>
 *   <li>{@link #close()} stops taking items and writes everything accepted; only if the sink still fails
 *       after {@code closeTimeout} are the remaining items given up, counted as dropped and logged.</li>
 * </ul>
 *
 * <p>Metrics ({@code prefix} e.g. {@code atlas.analytics}): {@code .queue.depth}, {@code .batch.size},
 * {@code .flush.duration}, {@code .write.retries}, {@code .dropped}.
 */
public final class AsyncBatchWriter<T> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AsyncBatchWriter.class);

    /** Writes one batch, all or nothing (one transaction); throws to have it retried. */
    @FunctionalInterface
    public interface Sink<T> {
        void write(List<T> batch) throws Exception;
    }

    /** Tuning; see the class comment. */
    public record Settings(int capacity, int maxBatch, Duration maxDelay, Duration initialBackoff,
                           Duration maxBackoff, Duration closeTimeout) {
        public Settings {
            if (capacity < 1 || maxBatch < 1) {
                throw new IllegalArgumentException("capacity and maxBatch must be positive");
            }
        }
    }

    private final String name;
    private final Sink<T> sink;
    private final Settings settings;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<T> queue = new ArrayDeque<>();
    private final Thread thread;
    private final DistributionSummary batchSizes;
    private final Timer flushTimer;
    private final Counter retries;
    private final Counter dropped;
    private int inFlight;
    private boolean closing;
    private boolean retryNow;

    public AsyncBatchWriter(String name, Sink<T> sink, Settings settings, String metricPrefix, MeterRegistry meters) {
        this.name = name;
        this.sink = sink;
        this.settings = settings;
        this.batchSizes = DistributionSummary.builder(metricPrefix + ".batch.size")
                .description("Items written per batch (one transaction)").register(meters);
        this.flushTimer = Timer.builder(metricPrefix + ".flush.duration")
                .description("Time to write and commit one batch, retries included").register(meters);
        this.retries = Counter.builder(metricPrefix + ".write.retries")
                .description("Failed batch writes that were retried").register(meters);
        this.dropped = Counter.builder(metricPrefix + ".dropped")
                .description("Accepted items never written (only if the database stays down past shutdown)")
                .register(meters);
        Gauge.builder(metricPrefix + ".queue.depth", this, AsyncBatchWriter::pending)
                .description("Items accepted and not yet committed").register(meters);
        this.thread = new Thread(this::run, "atlas-batch-writer-" + name);
        this.thread.start();
    }

    /**
     * Queues all of {@code items}, or none of them if that would exceed the capacity (returns false).
     * Never blocks. Throws {@link IllegalStateException} once closing.
     */
    public boolean offerAll(List<T> items) {
        if (items.isEmpty()) {
            return true;
        }
        lock.lock();
        try {
            if (closing) {
                throw new IllegalStateException(name + " writer is closed");
            }
            if ((long) queue.size() + inFlight + items.size() > settings.capacity()) {
                return false;
            }
            boolean wasEmpty = queue.isEmpty();
            queue.addAll(items);
            if (wasEmpty || queue.size() >= settings.maxBatch()) {
                changed.signalAll();
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Ends the current backoff pause, if any, so a failed batch is retried now (e.g. the database just came
     * back) rather than after up to {@code maxBackoff}.
     */
    public void retryNow() {
        lock.lock();
        try {
            retryNow = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Items accepted and not yet committed. */
    public int pending() {
        lock.lock();
        try {
            return queue.size() + inFlight;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until every accepted item is committed (or the timeout passes); true if none is pending. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (queue.size() + inFlight > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        while (true) {
            List<T> batch;
            try {
                batch = nextBatch();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (batch == null) {
                return;
            }
            if (!writeWithRetries(batch)) {
                break;
            }
        }
        giveUp();
    }

    /** Blocks until a batch is due (full, old enough, or closing); null when closed and empty. */
    private List<T> nextBatch() throws InterruptedException {
        lock.lock();
        try {
            while (queue.isEmpty() && !closing) {
                changed.await();
            }
            if (queue.isEmpty()) {
                return null;
            }
            long due = System.nanoTime() + settings.maxDelay().toNanos();
            while (queue.size() < settings.maxBatch() && !closing) {
                long left = due - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                changed.awaitNanos(left);
            }
            int n = Math.min(queue.size(), settings.maxBatch());
            List<T> batch = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                batch.add(queue.poll());
            }
            inFlight = n;
            return batch;
        } finally {
            lock.unlock();
        }
    }

    /** Writes {@code batch}, retrying with backoff; false if it had to give up (closing, timed out). */
    private boolean writeWithRetries(List<T> batch) {
        Timer.Sample sample = Timer.start();
        long backoff = settings.initialBackoff().toNanos();
        long giveUpAt = Long.MAX_VALUE;
        for (int attempt = 1; ; attempt++) {
            try {
                sink.write(batch);
                sample.stop(flushTimer);
                batchSizes.record(batch.size());
                finished();
                return true;
            } catch (Exception e) {
                retries.increment();
                log.warn("{} writer: writing {} items failed (attempt {}), retrying in {} ms: {}", name,
                        batch.size(), attempt, TimeUnit.NANOSECONDS.toMillis(backoff), rootCause(e));
            }
            lock.lock();
            try {
                if (closing && giveUpAt == Long.MAX_VALUE) {
                    giveUpAt = System.nanoTime() + settings.closeTimeout().toNanos();
                }
                if (System.nanoTime() >= giveUpAt) {
                    return false;
                }
                long pauseEnd = System.nanoTime() + backoff;
                // The pause ends early for retryNow() and once when closing starts (then the give-up clock runs).
                for (long left = backoff; left > 0 && !retryNow && !(closing && giveUpAt == Long.MAX_VALUE);
                     left = pauseEnd - System.nanoTime()) {
                    changed.awaitNanos(left);
                }
                if (retryNow) {
                    retryNow = false;
                    backoff = settings.initialBackoff().toNanos() / 2; // doubled below: start over
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } finally {
                lock.unlock();
            }
            backoff = Math.min(backoff * 2, settings.maxBackoff().toNanos());
        }
    }

    /** The innermost cause's first line: enough to diagnose, without MyBatis' multi-line SQL dump. */
    static String rootCause(Throwable t) {
        Throwable cur = t;
        while (cur.getCause() != null && cur.getCause() != cur) {
            cur = cur.getCause();
        }
        String m = String.valueOf(cur.getMessage());
        return cur.getClass().getSimpleName() + ": " + m.lines().findFirst().orElse("").trim();
    }

    private void finished() {
        lock.lock();
        try {
            inFlight = 0;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The last resort at shutdown: counts and logs what could not be written. */
    private void giveUp() {
        lock.lock();
        try {
            int lost = queue.size() + inFlight;
            queue.clear();
            inFlight = 0;
            dropped.increment(lost);
            changed.signalAll();
            log.error("{} writer: gave up on {} accepted items at shutdown because writes kept failing", name, lost);
        } finally {
            lock.unlock();
        }
    }

    /** Stops taking items, writes everything accepted (retrying up to closeTimeout), then returns. */
    @Override
    public void close() {
        lock.lock();
        try {
            closing = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            thread.join(settings.closeTimeout().plus(settings.maxBackoff()).plusSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
