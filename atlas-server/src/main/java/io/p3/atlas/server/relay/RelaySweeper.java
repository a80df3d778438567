package io.p3.atlas.server.relay;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.p3.atlas.server.feature.Periodic;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes relays silent for {@code ATLAS_RELAY_EXPIRY}, every {@code ATLAS_RELAY_SWEEP_INTERVAL}. Every
 * instance sweeps; the DELETE is idempotent and hands each removed row to exactly one of them, so the
 * removals counted in {@code atlas_relay_expired_total} add up to the relays removed across instances.
 */
final class RelaySweeper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RelaySweeper.class);

    private final RelayService relays;
    private final Counter expired;
    private final Periodic schedule;

    RelaySweeper(RelayService relays, Duration every, MeterRegistry meters) {
        this.relays = relays;
        this.expired = Counter.builder("atlas.relay.expired")
                .description("Relays removed after ATLAS_RELAY_EXPIRY without a heartbeat").register(meters);
        this.schedule = Periodic.every(every, "atlas-relay-sweep", this::sweep);
    }

    /** One sweep, now, on the calling thread; returns how many relays it removed. */
    int sweep() {
        try {
            List<Relay> gone = relays.expireSilent();
            if (!gone.isEmpty()) {
                expired.increment(gone.size());
                log.info("Removed {} relays silent for longer than ATLAS_RELAY_EXPIRY: {}", gone.size(),
                        gone.stream().limit(20).map(Relay::id).toList());
            }
            return gone.size();
        } catch (RuntimeException e) {
            log.warn("Relay expiry sweep failed (the next one retries): {}", e.getMessage());
            return 0;
        }
    }

    @Override
    public void close() {
        schedule.close();
    }
}
