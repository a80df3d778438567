package io.p3.atlas.server.batch;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.p3.atlas.server.error.AtlasException;
import io.p3.atlas.server.error.GrpcErrors;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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
 * Group commit for durable writes: callers submit small write operations and get a future that
 * completes only after the transaction holding their write has committed. One writer thread runs
 * whatever has queued up (up to {@code maxBatch}) in a single transaction, so concurrent callers share
 * one commit (one fsync) instead of paying for one each.
 *
 * <p>Operations run in order of their lock key (stable, so one key's operations keep their submission
 * order); every writer on the same database therefore takes row locks in the same order and two
 * server instances can't deadlock each other. A batch that fails on a deadlock or serialization
 * conflict is retried whole; one that fails because the database is unreachable fails whole at once; one
 * that fails otherwise is re-run one operation per transaction, so one bad operation fails alone.
 */
public final class GroupCommitWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);
    private static final int MAX_CONFLICT_RETRIES = 5;

    private final String name;
    private final SqlSessionFactory sessions;
    private final int maxBatch;
    private final BlockingQueue<Op<?>> queue;
    private final Thread thread;
    private final DistributionSummary batchSizes;
    private final Timer commitTimer;
    private volatile boolean closed;

    public GroupCommitWriter(String name, SqlSessionFactory sessions, int maxBatch, int queueCapacity,
                             MeterRegistry meters) {
        this.name = name;
        this.sessions = sessions;
        this.maxBatch = maxBatch;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.batchSizes = DistributionSummary.builder("atlas.group.commit.batch.size")
                .tag("writer", name).description("Operations committed per transaction").register(meters);
        this.commitTimer = Timer.builder("atlas.group.commit.duration")
                .tag("writer", name).description("Time to run and commit one batch").register(meters);
        meters.gauge("atlas.group.commit.queue.depth", List.of(io.micrometer.core.instrument.Tag.of("writer", name)),
                queue, BlockingQueue::size);
        this.thread = new Thread(this::run, "atlas-group-commit-" + name);
        this.thread.setDaemon(false);
        this.thread.start();
    }

    /**
     * Queues {@code work}; the future completes with its result after commit, or exceptionally if it
     * failed. A full queue fails at once with RESOURCE_EXHAUSTED rather than blocking the caller.
     */
    public <T> CompletableFuture<T> submit(String lockKey, Function<SqlSession, T> work) {
        Op<T> op = new Op<>(lockKey, work);
        if (closed) {
            op.future.completeExceptionally(AtlasException.unavailable("the server is shutting down", null));
        } else if (!queue.offer(op)) {
            op.future.completeExceptionally(AtlasException.resourceExhausted(
                    "too many writes are waiting for the " + name + " writer; retry shortly", Duration.ofSeconds(1)));
        }
        return op.future;
    }

    private void run() {
        List<Op<?>> batch = new ArrayList<>(maxBatch);
        while (!closed || !queue.isEmpty()) {
            try {
                Op<?> first = queue.poll(100, TimeUnit.MILLISECONDS);
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
        for (Op<?> op; (op = queue.poll()) != null; ) {
            op.future.completeExceptionally(AtlasException.unavailable("the server is shutting down", null));
        }
    }

    private void execute(List<Op<?>> batch) {
        for (int attempt = 1; ; attempt++) {
            Timer.Sample sample = Timer.start();
            try {
                List<Object> results = runInTransaction(batch);
                sample.stop(commitTimer);
                batchSizes.record(batch.size());
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).complete(results.get(i));
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
                for (Op<?> op : batch) {
                    execute(List.of(op));
                }
                return;
            }
        }
    }

    private List<Object> runInTransaction(List<Op<?>> batch) {
        try (SqlSession session = sessions.openSession(false)) {
            List<Object> results = new ArrayList<>(batch.size());
            for (Op<?> op : batch) {
                results.add(op.work.apply(session));
            }
            session.commit(true);
            return results;
        }
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
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class Op<T> {
        final String lockKey;
        final Function<SqlSession, T> work;
        final CompletableFuture<T> future = new CompletableFuture<>();

        Op(String lockKey, Function<SqlSession, T> work) {
            this.lockKey = lockKey;
            this.work = work;
        }

        @SuppressWarnings("unchecked")
        void complete(Object result) {
            future.complete((T) result);
        }
    }
}
