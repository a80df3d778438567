package io.p3.atlas.server.feature;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Background work a feature runs on a schedule: {@code task} every {@code every}, on one daemon thread of its own; {@link #close()} stops it and waits briefly for a run in progress. The task handles
 * its own failures (an exception would end the schedule).
 */
public final class Periodic implements AutoCloseable {
    private final ScheduledExecutorService scheduler;

    private Periodic(String threadName, Duration first, Duration every, Runnable task) {
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(task, first.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs {@code task} every {@code every}, the first time one period from now. */
    public static Periodic every(Duration every, String threadName, Runnable task) {
        return new Periodic(threadName, every, every, task);
    }

    /** Runs {@code task} now (in the background) and then every {@code every}. */
    public static Periodic nowAndEvery(Duration every, String threadName, Runnable task) {
        return new Periodic(threadName, Duration.ZERO, every, task);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
