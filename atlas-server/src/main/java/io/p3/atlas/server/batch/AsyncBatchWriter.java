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
 * queued, unlike {@link GroupCommitWriter}, which acknowledges after commit). A writer thread takes
 * up to {@code maxBatch} items, or whatever arrived within {@code maxDelay} of the first one, and
 * hands them to the {@link Sink} as one batch (one transaction). With {@code writers} > 1, that many
 * threads do so at once, each with its own batch (the sink must then be safe for concurrent batches);
 * batches are taken in queue order, but may commit out of order.
 *
 * <ul>
 *   <li>Bounded: at most {@code capacity} items are accepted but not yet committed. {@link #offerAll}
 *       takes all of its items or none, at once or within a short wait for committed batches to make room,
 *       so callers can answer RESOURCE_EXHAUSTED.</li>
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
                           Duration maxBackoff, Duration closeTimeout, int writers) {
        public Settings {
            if (capacity < 1 || maxBatch < 1 || writers < 1) {
                throw new IllegalArgumentException("capacity, maxBatch and writers must be positive");
            }
        }

        /** One writer thread. */
        public Settings(int capacity, int maxBatch, Duration maxDelay, Duration initialBackoff, Duration maxBackoff,
                        Duration closeTimeout) {
            this(capacity, maxBatch, maxDelay, initialBackoff, maxBackoff, closeTimeout, 1);
        }

        /** The same settings with {@code n} writer threads. */
        public Settings withWriters(int n) {
            return new Settings(capacity, maxBatch, maxDelay, initialBackoff, maxBackoff, closeTimeout, n);
        }
    }

    private final String name;
    private final Sink<T> sink;
    private final Settings settings;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Signalled when committed (or given up) items leave room in the queue, and when closing. */
    private final Condition room = lock.newCondition();
    private final ArrayDeque<T> queue = new ArrayDeque<>();
    private final List<Thread> threads;
    private final DistributionSummary batchSizes;
    private final Timer flushTimer;
    private final Counter retries;
    private final Counter dropped;
    private int inFlight;
    private int running;
    private boolean closing;
    /** Counts {@link #retryNow()} calls: a writer pausing since an attempt that began before the latest one stops. */
    private long retryCalls;

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
        List<Thread> all = new ArrayList<>(settings.writers());
        for (int i = 0; i < settings.writers(); i++) {
            all.add(new Thread(this::run, "atlas-batch-writer-" + name + (settings.writers() == 1 ? "" : "-" + i)));
        }
        this.threads = List.copyOf(all);
        this.running = threads.size();
        threads.forEach(Thread::start);
    }

    /**
     * Queues all of {@code items}, or none of them if that would exceed the capacity (returns false).
     * Never blocks. Throws {@link IllegalStateException} once closing.
     */
    public boolean offerAll(List<T> items) {
        return offerAll(items, Duration.ZERO);
    }

    /**
     * Queues all of {@code items}, or none of them: when they do not fit, waits up to {@code wait} for committed
     * batches to make room, then returns false if they still do not fit (at once if they never could: more
     * items than the capacity). Throws {@link IllegalStateException} once closing, also while waiting.
     */
    public boolean offerAll(List<T> items, Duration wait) {
        if (items.isEmpty()) {
            return true;
        }
        long left = wait.toNanos();
        lock.lock();
        try {
            while (true) {
                if (closing) {
                    throw new IllegalStateException(name + " writer is closed");
                }
                if ((long) queue.size() + inFlight + items.size() <= settings.capacity()) {
                    break;
                }
                if (left <= 0 || items.size() > settings.capacity()) {
                    return false;
                }
                try {
                    left = room.awaitNanos(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
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
            retryCalls++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private long retryCalls() {
        lock.lock();
        try {
            return retryCalls;
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
                exited();
                return;
            }
            if (!writeWithRetries(batch)) {
                giveUp(batch.size());
                break;
            }
        }
        exited();
    }

    /** A writer thread stops; the last one gives up on whatever is still queued (only after giving up). */
    private void exited() {
        lock.lock();
        try {
            running--;
            if (running == 0 && !queue.isEmpty()) {
                giveUp(0);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
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
            if (queue.isEmpty()) { // another writer took them
                return closing ? null : List.of();
            }
            int n = Math.min(queue.size(), settings.maxBatch());
            List<T> batch = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                batch.add(queue.poll());
            }
            inFlight += n;
            return batch;
        } finally {
            lock.unlock();
        }
    }

    /** Writes {@code batch}, retrying with backoff; false if it had to give up (closing, timed out). */
    private boolean writeWithRetries(List<T> batch) {
        if (batch.isEmpty()) {
            return true;
        }
        Timer.Sample sample = Timer.start();
        long backoff = settings.initialBackoff().toNanos();
        long giveUpAt = Long.MAX_VALUE;
        for (int attempt = 1; ; attempt++) {
            long retryCallsBefore = retryCalls();
            try {
                sink.write(batch);
                sample.stop(flushTimer);
                batchSizes.record(batch.size());
                finished(batch.size());
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
                // The pause ends early for retryNow() (called since this attempt began; every writer's pause
                // ends) and once when closing starts (then the give-up clock runs).
                for (long left = backoff; left > 0 && retryCalls == retryCallsBefore
                        && !(closing && giveUpAt == Long.MAX_VALUE); left = pauseEnd - System.nanoTime()) {
                    changed.awaitNanos(left);
                }
                if (retryCalls != retryCallsBefore) {
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

    private void finished(int n) {
        lock.lock();
        try {
            inFlight -= n;
            changed.signalAll();
            room.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The last resort at shutdown: counts and logs what could not be written (the failed batch of
     * {@code batchSize} items of this thread, and everything still queued).
     */
    private void giveUp(int batchSize) {
        lock.lock();
        try {
            int lost = queue.size() + batchSize;
            queue.clear();
            inFlight -= batchSize;
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
            room.signalAll();
        } finally {
            lock.unlock();
        }
        long deadline = System.nanoTime()
                + settings.closeTimeout().plus(settings.maxBackoff()).plusSeconds(30).toNanos();
        for (Thread thread : threads) {
            try {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
