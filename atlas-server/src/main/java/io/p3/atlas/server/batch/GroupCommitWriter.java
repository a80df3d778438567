package io.p3.atlas.server.batch;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.p3.atlas.server.error.AtlasException;
import io.p3.atlas.server.error.GrpcErrors;
import io.p3.atlas.server.persistence.Database;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for durable writes: callers submit small writes and get a future that completes only
 * after the transaction holding their write has committed. Whatever has queued up (up to
 * {@code maxBatch}) runs in a single transaction, so concurrent callers share one commit (one fsync).
 *
 * <p><b>Batched work.</b> Items submitted with the same {@link BatchWork} that land in one batch are
 * handed to it together, so it can apply them with a few multi-row statements instead of several
 * statements per item (group commit alone saves fsyncs, not round trips). Different kinds of writes
 * (e.g. heartbeats, content reports, relay credits) join one batch by sharing one {@code BatchWork}.
 *
 * <p><b>Lanes.</b> Writes are spread over {@code lanes} writer threads by the hash of their lock key;
 * each lane has its own queue and takes its own pooled connection per batch, so several batches are in
 * flight at once. One key always goes to the same lane, so its writes stay in submission order.
 *
 * <p>Within a batch, items are ordered by lock key (stable, so one key keeps its submission order);
 * every writer on the same database therefore takes row locks in the same order and two server
 * instances can't deadlock each other. A batch that fails on a deadlock or serialization conflict is
 * retried whole; one that fails because the database is unreachable fails whole at once (none of its
 * items acknowledged); one that fails otherwise is re-run one item per transaction, so one bad item fails alone.
 */
public final class GroupCommitWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);
    private static final int MAX_CONFLICT_RETRIES = 5;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Applies a batch of items in {@code session}'s open transaction (never commits it) and returns one
     * result per item, in the order of {@code items}: sorted by lock key, submission order within a key.
     */
    @FunctionalInterface
    public interface BatchWork<I, R> {
        List<R> apply(SqlSession session, List<I> items);
    }

    /** Items submitted as plain functions: run one after the other. */
    private static final BatchWork<Function<SqlSession, ?>, Object> ONE_BY_ONE = (session, works) -> {
        List<Object> out = new ArrayList<>(works.size());
        for (Function<SqlSession, ?> work : works) {
            out.add(work.apply(session));
        }
        return out;
    };

    private final String name;
    private final SqlSessionFactory sessions;
    private final int maxBatch;
    private final List<Lane> lanes;
    private final DistributionSummary batchSizes;
    private final Timer commitTimer;
    private volatile boolean closed;

    /** One lane: a single writer thread. */
    public GroupCommitWriter(String name, SqlSessionFactory sessions, int maxBatch, int queueCapacity,
                             MeterRegistry meters) {
        this(name, sessions, 1, maxBatch, queueCapacity, meters);
    }

    /** {@code queueCapacity} is shared evenly by the {@code lanes}; {@code maxBatch} is per batch. */
    public GroupCommitWriter(String name, SqlSessionFactory sessions, int lanes, int maxBatch, int queueCapacity,
                             MeterRegistry meters) {
        if (lanes < 1 || maxBatch < 1 || queueCapacity < lanes) {
            throw new IllegalArgumentException("lanes, maxBatch and queueCapacity must be positive");
        }
        this.name = name;
        this.sessions = sessions;
        this.maxBatch = maxBatch;
        this.batchSizes = DistributionSummary.builder("atlas.group.commit.batch.size")
                .tag("writer", name).description("Operations committed per transaction").register(meters);
        this.commitTimer = Timer.builder("atlas.group.commit.duration")
                .tag("writer", name).description("Time to run and commit one batch").register(meters);
        List<Lane> all = new ArrayList<>(lanes);
        for (int i = 0; i < lanes; i++) {
            all.add(new Lane(lanes == 1 ? "atlas-group-commit-" + name : "atlas-group-commit-" + name + "-" + i,
                    queueCapacity / lanes));
        }
        this.lanes = List.copyOf(all);
        Gauge.builder("atlas.group.commit.queue.depth", this, GroupCommitWriter::queued).tag("writer", name)
                .description("Operations waiting for a batch").register(meters);
        this.lanes.forEach(lane -> lane.thread.start());
    }

    /**
     * Queues {@code item} for {@code work}; the future completes with its result after commit, or
     * exceptionally if it failed. A full queue fails at once with RESOURCE_EXHAUSTED rather than
     * blocking the caller. Pass the same {@code work} instance for items that may share a batch call.
     */
    public <I, R> CompletableFuture<R> submit(String lockKey, I item, BatchWork<I, R> work) {
        Op op = new Op(lockKey, item, work);
        if (closed) {
            op.future.completeExceptionally(AtlasException.unavailable("the server is shutting down", null));
        } else if (!lanes.get(Math.floorMod(lockKey.hashCode(), lanes.size())).queue.offer(op)) {
            op.future.completeExceptionally(AtlasException.resourceExhausted(
                    "too many writes are waiting for the " + name + " writer; retry shortly", Duration.ofSeconds(1)));
        }
        @SuppressWarnings("unchecked")
        CompletableFuture<R> future = (CompletableFuture<R>) op.future;
        return future;
    }

    /** Queues a write of its own; it runs in a batch's transaction after the batched items before it. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public <T> CompletableFuture<T> submit(String lockKey, Function<SqlSession, T> work) {
        return (CompletableFuture<T>) submit(lockKey, (Function) work, (BatchWork) ONE_BY_ONE);
    }

    private int queued() {
        return lanes.stream().mapToInt(l -> l.queue.size()).sum();
    }

    /** A writer thread and its queue. */
    private final class Lane implements Runnable {
        final BlockingQueue<Op> queue;
        final Thread thread;

        Lane(String threadName, int capacity) {
            this.queue = new ArrayBlockingQueue<>(Math.max(1, capacity));
            this.thread = new Thread(this, threadName);
            this.thread.setDaemon(false);
        }

        @Override
        public void run() {
            List<Op> batch = new ArrayList<>(maxBatch);
            while (!closed || !queue.isEmpty()) {
                try {
                    Op first = queue.poll(100, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                    queue.drainTo(batch, maxBatch - 1);
                    batch.sort(Comparator.comparing(o -> o.lockKey));
                    execute(batch);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                } catch (RuntimeException e) {
                    log.error("{} writer: unexpected failure", name, e);
                    batch.forEach(op -> op.future.completeExceptionally(e));
                } finally {
                    batch.clear();
                }
            }
            for (Op op; (op = queue.poll()) != null; ) {
                op.future.completeExceptionally(AtlasException.unavailable("the server is shutting down", null));
            }
        }
    }

    private void execute(List<Op> batch) {
        for (int attempt = 1; ; attempt++) {
            Timer.Sample sample = Timer.start();
            try {
                Object[] results = runInTransaction(batch);
                sample.stop(commitTimer);
                batchSizes.record(batch.size());
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).future.complete(results[i]);
                }
                return;
            } catch (RuntimeException e) {
                if (isConflict(e) && attempt < MAX_CONFLICT_RETRIES) {
                    log.debug("{} writer: conflict on attempt {}, retrying", name, attempt);
                    continue;
                }
                if (batch.size() == 1 || GrpcErrors.isDatabaseUnavailable(e)) {
                    // One operation, or the database is out of reach: re-running each alone would only make
                    // every caller wait for the pool again. They fail now (UNAVAILABLE), none acknowledged.
                    batch.forEach(op -> op.future.completeExceptionally(e));
                    return;
                }
                for (Op op : batch) {
                    execute(List.of(op));
                }
                return;
            }
        }
    }

    /** Runs the batch in one transaction, one call per kind of work (in order of first appearance). */
    private Object[] runInTransaction(List<Op> batch) {
        Map<BatchWork<?, ?>, List<Integer>> groups = new IdentityHashMap<>();
        List<BatchWork<?, ?>> order = new ArrayList<>(1);
        for (int i = 0; i < batch.size(); i++) {
            BatchWork<?, ?> work = batch.get(i).work;
            groups.computeIfAbsent(work, w -> {
                order.add(w);
                return new ArrayList<>();
            }).add(i);
        }
        try (SqlSession session = sessions.openSession(false)) {
            return Database.commitOrRollBack(session, s -> runAll(s, batch, order, groups));
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Object[] runAll(SqlSession session, List<Op> batch, List<BatchWork<?, ?>> order,
                            Map<BatchWork<?, ?>, List<Integer>> groups) {
        Object[] results = new Object[batch.size()];
        for (BatchWork<?, ?> work : order) {
            List<Integer> indexes = groups.get(work);
            List<Object> items = new ArrayList<>(indexes.size());
            indexes.forEach(i -> items.add(batch.get(i).item));
            List<?> out = ((BatchWork) work).apply(session, items);
            if (out.size() != items.size()) {
                throw new IllegalStateException(name + " writer: a batch of " + items.size() + " items gave "
                        + out.size() + " results");
            }
            for (int k = 0; k < indexes.size(); k++) {
                results[indexes.get(k)] = out.get(k);
            }
        }
        return results;
    }

    /** Deadlock (40P01) or serialization failure (40001): safe to retry the whole transaction. */
    static boolean isConflict(Throwable t) {
        for (Throwable cur = t; cur != null && cur.getCause() != cur; cur = cur.getCause()) {
            if (cur instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().equals("40001") || sql.getSQLState().equals("40P01"))) {
                return true;
            }
        }
        return false;
    }

    /** Stops taking work, commits everything already queued, then returns. */
    @Override
    public void close() {
        closed = true;
        long deadline = System.nanoTime() + CLOSE_TIMEOUT.toNanos();
        for (Lane lane : lanes) {
            try {
                lane.thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** A queued write. */
    private static final class Op {
        final String lockKey;
        final Object item;
        final BatchWork<?, ?> work;
        final CompletableFuture<Object> future = new CompletableFuture<>();

        Op(String lockKey, Object item, BatchWork<?, ?> work) {
            this.lockKey = lockKey;
            this.item = item;
            this.work = work;
        }
    }
}
