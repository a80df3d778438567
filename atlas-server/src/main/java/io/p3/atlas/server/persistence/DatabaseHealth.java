package io.p3.atlas.server.persistence;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the database answers, known without asking it on the request path. A background probe keeps one
 * connection of its own, outside the pool (so a busy pool never looks like an outage), and checks it every
 * probe interval with {@link Connection#isValid}; a dead connection is replaced by a fresh one before the
 * database is declared down. A pool that times out handing out a connection {@link #suspect() asks} for a
 * probe at once. While the database is down, {@link FailFastDataSource} refuses new work immediately
 * instead of letting each call wait for the pool; the first probe that succeeds brings it back, with no
 * restart. Listeners (readiness, writers waiting to retry) hear every change.
 */
public final class DatabaseHealth implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DatabaseHealth.class);

    /** Opens a connection of the probe's own, with connect and login timeouts. */
    @FunctionalInterface
    interface Connector {
        Connection connect() throws SQLException;
    }

    private final Connector connector;
    private final long intervalNanos;
    private final int timeoutSeconds;
    private final List<Consumer<Boolean>> listeners = new CopyOnWriteArrayList<>();
    private final Object wake = new Object();
    private final Thread thread;
    private volatile boolean up = true;
    private volatile String lastFailure = "";
    private volatile long downSinceNanos;
    private volatile boolean closed;
    private boolean probeRequested;
    private Connection connection; // the probe thread's own

    DatabaseHealth(Connector connector, DatabaseConfig config, MeterRegistry meters) {
        this.connector = connector;
        this.intervalNanos = config.probeInterval().toNanos();
        this.timeoutSeconds = config.acquireTimeoutSeconds();
        if (meters != null) {
            Gauge.builder("atlas.database.up", this, h -> h.up ? 1 : 0)
                    .description("1 while the database answers the health probe, 0 while it does not")
                    .register(meters);
        }
        this.thread = new Thread(this::run, "atlas-db-probe");
        thread.setDaemon(true);
        thread.start();
    }

    /** True unless the last probe found the database unreachable. */
    public boolean isUp() {
        return up;
    }

    /** Why the last probe failed (one line, for logs), or empty. */
    String lastFailure() {
        return lastFailure;
    }

    /** Calls {@code listener} with the new state (true: up) on every change, from the probe thread. */
    public void addListener(Consumer<Boolean> listener) {
        listeners.add(listener);
    }

    /** Something looked like a lost database (a pool timeout, a broken connection): probe now. */
    void suspect() {
        synchronized (wake) {
            probeRequested = true;
            wake.notifyAll();
        }
    }

    private void run() {
        while (!closed) {
            set(probe());
            synchronized (wake) {
                long deadline = System.nanoTime() + intervalNanos;
                for (long left = intervalNanos; left > 0 && !probeRequested && !closed;
                     left = deadline - System.nanoTime()) {
                    try {
                        TimeUnit.NANOSECONDS.timedWait(wake, left);
                    } catch (InterruptedException e) {
                        closed = true;
                    }
                }
                probeRequested = false;
            }
        }
        closeConnection();
    }

    /** One check; a kept connection that fails is replaced once by a fresh one before giving up. */
    private boolean probe() {
        for (int attempt = 0; attempt < 2; attempt++) {
            boolean fresh = connection == null;
            try {
                if (fresh) {
                    connection = connector.connect();
                }
                if (connection.isValid(timeoutSeconds)) {
                    return true;
                }
                lastFailure = "the connection stopped answering within " + timeoutSeconds + " s";
            } catch (SQLException | RuntimeException e) {
                lastFailure = Database.rootMessage(e);
            }
            closeConnection();
            if (fresh) {
                return false;
            }
        }
        return false;
    }

    private void set(boolean nowUp) {
        if (nowUp == up || closed) {
            return;
        }
        up = nowUp;
        if (nowUp) {
            log.info("The database answers again after {} s; serving database work again",
                    Duration.ofNanos(System.nanoTime() - downSinceNanos).toSeconds());
        } else {
            downSinceNanos = System.nanoTime();
            log.warn("The database is unreachable ({}); database work fails at once with UNAVAILABLE until it"
                    + " answers again", lastFailure);
        }
        for (Consumer<Boolean> l : listeners) {
            try {
                l.accept(nowUp);
            } catch (RuntimeException e) {
                log.warn("A database health listener failed", e);
            }
        }
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException | RuntimeException ignored) {
                // already broken
            }
            connection = null;
        }
    }

    /** Stops probing and closes the probe's connection. */
    @Override
    public void close() {
        synchronized (wake) {
            closed = true;
            wake.notifyAll();
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(timeoutSeconds + 1L));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
