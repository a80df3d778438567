package io.p3.atlas.server.persistence;

import io.p3.atlas.server.config.ConfigException;
import io.p3.atlas.server.config.EnvReader;
import java.time.Duration;

/**
 * How the server waits for its database, from the environment.
 *
 * @param acquireTimeout {@code ATLAS_DB_ACQUIRE_TIMEOUT}: the longest wait for a pooled connection (and for
 *                       the health probe to connect or get an answer); past it the call fails UNAVAILABLE
 * @param probeInterval  {@code ATLAS_DB_PROBE_INTERVAL}: how often the background probe checks that the
 *                       database answers; while it does not, database work fails at once
 */
public record DatabaseConfig(Duration acquireTimeout, Duration probeInterval) {
    /** Hikari's floor for a connection timeout. */
    private static final Duration MIN_ACQUIRE = Duration.ofMillis(250);
    private static final Duration MIN_PROBE = Duration.ofMillis(50);

    public static final DatabaseConfig DEFAULTS = new DatabaseConfig(Duration.ofSeconds(2), Duration.ofSeconds(1));

    public DatabaseConfig {
        if (acquireTimeout.compareTo(MIN_ACQUIRE) < 0) {
            throw new ConfigException("ATLAS_DB_ACQUIRE_TIMEOUT must be at least PT0.25S, got " + acquireTimeout);
        }
        if (probeInterval.compareTo(MIN_PROBE) < 0) {
            throw new ConfigException("ATLAS_DB_PROBE_INTERVAL must be at least PT0.05S, got " + probeInterval);
        }
    }

    public static DatabaseConfig from(EnvReader env) {
        return new DatabaseConfig(env.duration("ATLAS_DB_ACQUIRE_TIMEOUT", DEFAULTS.acquireTimeout()),
                env.duration("ATLAS_DB_PROBE_INTERVAL", DEFAULTS.probeInterval()));
    }

    /** Whole seconds (at least 1), for JDBC APIs that count in seconds. */
    int acquireTimeoutSeconds() {
        return (int) Math.max(1, (acquireTimeout.toMillis() + 999) / 1000);
    }
}
