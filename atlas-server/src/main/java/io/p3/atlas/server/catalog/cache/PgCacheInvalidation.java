package io.p3.atlas.server.catalog.cache;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cross-instance cache invalidation on PostgreSQL with LISTEN/NOTIFY: after a catalog write, this
 * instance sends {@code NOTIFY atlas_catalog}; every other instance sharing the database empties its
 * catalog caches when it hears it, instead of waiting up to ATLAS_CATALOG_TTL. One pooled connection
 * stays LISTENing on a daemon thread; after losing it, the thread reconnects and empties the caches
 * (notifications may have been missed). Best effort: the TTL remains the guarantee.
 */
public final class PgCacheInvalidation implements AutoCloseable {
    static final String CHANNEL = "atlas_catalog";
    private static final Logger log = LoggerFactory.getLogger(PgCacheInvalidation.class);

    private final DataSource dataSource;
    private final Runnable onRemoteWrite;
    private final String instanceId = UUID.randomUUID().toString();
    private final Thread listener;
    private volatile boolean closed;

    public PgCacheInvalidation(DataSource dataSource, Runnable onRemoteWrite) {
        this.dataSource = dataSource;
        this.onRemoteWrite = onRemoteWrite;
        this.listener = new Thread(this::listen, "atlas-catalog-listen");
        listener.setDaemon(true);
        listener.start();
    }

    /** Tells the other instances that the catalog changed (after the write committed). */
    public void publish() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            ps.setString(1, CHANNEL);
            ps.setString(2, instanceId);
            ps.execute();
        } catch (SQLException e) {
            log.warn("Cannot notify other instances of a catalog write (they catch up within the TTL): {}",
                    e.getMessage());
        }
    }

    private void listen() {
        boolean lost = false;
        while (!closed) {
            try (Connection c = dataSource.getConnection()) {
                PGConnection pg = c.unwrap(PGConnection.class);
                try (Statement st = c.createStatement()) {
                    st.execute("LISTEN " + CHANNEL);
                }
                onRemoteWrite.run(); // anything written while we were not listening
                if (lost) {
                    log.info("Catalog invalidation listener is listening again");
                    lost = false;
                }
                while (!closed) {
                    PGNotification[] notes = pg.getNotifications(1000);
                    if (notes != null && fromOthers(notes)) {
                        onRemoteWrite.run();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!closed) {
                    // Once per outage: while the database is down each retry fails at once, every 2 s.
                    if (!lost) {
                        log.warn("Catalog invalidation listener lost its connection, reconnecting: {}", e.getMessage());
                    }
                    lost = true;
                    pause();
                }
            }
        }
    }

    private boolean fromOthers(PGNotification[] notes) {
        for (PGNotification n : notes) {
            if (!instanceId.equals(n.getParameter())) {
                return true;
            }
        }
        return false;
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
            listener.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
