package io.p3.atlas.server.notify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Notifier} over PostgreSQL LISTEN/NOTIFY. One pooled connection stays LISTENing on every subscribed
 * channel, on a daemon thread that delivers what arrives; after losing it, the thread reconnects, LISTENs again
 * and tells every listener {@link Listener#onGap()}. {@link #publish} sends {@code pg_notify} on a pooled
 * connection (the instance hears its own messages too, like every other).
 */
public final class PgNotifier implements Notifier {
    private static final Logger log = LoggerFactory.getLogger(PgNotifier.class);
    private static final Pattern CHANNEL = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final DataSource dataSource;
    private final Map<String, List<Listener>> listeners = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Void>> listeningOn = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean closed;

    public PgNotifier(DataSource dataSource) {
        this.dataSource = dataSource;
        this.thread = new Thread(this::run, "atlas-notify-listen");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void publish(String channel, String payload) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            ps.setString(1, channel);
            ps.setString(2, payload);
            ps.execute();
        } catch (SQLException e) {
            log.warn("Cannot notify other instances on {} (they catch up on their own): {}", channel, e.getMessage());
        }
    }

    @Override
    public void subscribe(String channel, Listener listener) {
        if (!CHANNEL.matcher(channel).matches()) {
            throw new IllegalArgumentException("not a channel name: " + channel);
        }
        listeners.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).add(listener);
        CompletableFuture<Void> listening = listeningOn.computeIfAbsent(channel, c -> new CompletableFuture<>());
        try {
            listening.get(5, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            log.warn("Not listening on {} yet (the database is unreachable); messages arrive once it is", channel);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        while (!closed) {
            try (Connection c = dataSource.getConnection()) {
                PGConnection pg = c.unwrap(PGConnection.class);
                Set<String> listening = new HashSet<>();
                while (!closed) {
                    listenToNew(c, listening);
                    PGNotification[] notes = pg.getNotifications(250);
                    if (notes != null) {
                        for (PGNotification n : notes) {
                            deliver(n.getName(), n.getParameter());
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!closed) {
                    log.warn("Lost the LISTEN connection, reconnecting: {}", e.getMessage());
                    pause();
                }
            }
        }
    }

    /**
     * LISTENs on the subscribed channels this connection does not listen to yet; their listeners hear onGap
     * (on a new connection, every channel is new: whatever was sent meanwhile was missed).
     */
    private void listenToNew(Connection c, Set<String> listening) throws SQLException {
        for (String channel : listeningOn.keySet()) {
            if (listening.contains(channel)) {
                continue;
            }
            try (Statement st = c.createStatement()) {
                st.execute("LISTEN " + channel);
            }
            listening.add(channel);
            listeners.getOrDefault(channel, List.of()).forEach(Listener::onGap);
            listeningOn.get(channel).complete(null);
        }
    }

    private void deliver(String channel, String payload) {
        for (Listener l : listeners.getOrDefault(channel, List.of())) {
            try {
                l.onNotification(payload);
            } catch (RuntimeException e) {
                log.warn("A listener on {} failed: {}", channel, e.toString());
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
