package io.p3.atlas.server.relay;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where relays live; shared by every server instance on the same database. */
public interface RelayStore {

    /** Inserts the relay or replaces everything but its create time; returns it as stored. */
    Relay upsert(Relay relay);

    /** Records a heartbeat; returns the relay before and after it, or empty if the relay is unknown. */
    Optional<Beat> heartbeat(String id, int activeStreams, double load, Instant at);

    /** A relay before and after one heartbeat. */
    record Beat(Relay before, Relay after) {
    }

    Optional<Relay> find(String id);

    /**
     * Relays by id after {@code afterId} (null: from the start), in {@code region} (null: any), with a
     * last heartbeat at or after {@code heartbeatFrom} (null: no bound) and before {@code heartbeatBefore}
     * (null: no bound), at most {@code limit}.
     */
    List<Relay> list(String region, Instant heartbeatFrom, Instant heartbeatBefore, String afterId, int limit);

    /** Deletes the relay; returns it as it was, or empty if there was none. */
    Optional<Relay> delete(String id);

    /**
     * Deletes every relay whose last heartbeat is before {@code cutoff} and returns those this call deleted:
     * concurrent calls (other instances) each get a disjoint share, so each removal is counted once.
     */
    List<Relay> deleteSilentBefore(Instant cutoff);
}
