package io.p3.atlas.server.network;

import io.p3.atlas.server.feature.Periodic;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Going offline is time passing, not a write: every {@code ATLAS_NETWORK_CHECK_INTERVAL}, each instance asks which
 * nodes and relays were online at its previous check and are not now (latest heartbeat between the two cutoffs)
 * and tells its own watchers. Every instance sees the same database, so each watcher gets each transition once,
 * whichever instance it watches; the event time is the moment it went offline (last heartbeat + 2 minutes).
 */
final class PresenceChecker implements AutoCloseable {
    static final int LIMIT = 100_000;
    private static final Logger log = LoggerFactory.getLogger(PresenceChecker.class);

    private final NetworkDirectory directory;
    private final NetworkHub hub;
    private final Clock clock;
    private final Periodic schedule;
    private Instant lastCutoff;

    PresenceChecker(NetworkDirectory directory, NetworkHub hub, Clock clock, Duration every) {
        this.directory = directory;
        this.hub = hub;
        this.clock = clock;
        this.lastCutoff = clock.instant().minus(NetworkProtos.ONLINE_WINDOW);
        this.schedule = Periodic.every(every, "atlas-network-check", this::check);
    }

    /** One check, now. A failed one (database down) is retried over the same span by the next. */
    synchronized void check() {
        Instant cutoff = clock.instant().minus(NetworkProtos.ONLINE_WINDOW);
        if (!cutoff.isAfter(lastCutoff)) {
            return;
        }
        try {
            if (hub.hasWatchers()) {
                for (NodePresence n : directory.nodesSeen(lastCutoff, cutoff, LIMIT)) {
                    hub.deliverLocally(NetworkChange.ofNode(NetworkChange.Kind.NODE_OFFLINE,
                            n.lastHeartbeatTime().plus(NetworkProtos.ONLINE_WINDOW), n));
                }
                for (RelayPresence r : directory.relaysSeen(lastCutoff, cutoff, LIMIT)) {
                    hub.deliverLocally(NetworkChange.ofRelay(NetworkChange.Kind.RELAY_OFFLINE,
                            r.lastHeartbeatTime().plus(NetworkProtos.ONLINE_WINDOW), r));
                }
            }
            lastCutoff = cutoff;
        } catch (RuntimeException e) {
            log.warn("Offline check failed (the next one covers the same span): {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        schedule.close();
    }
}
