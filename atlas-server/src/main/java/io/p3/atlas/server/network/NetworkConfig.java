package io.p3.atlas.server.network;

import io.p3.atlas.server.config.ConfigException;
import io.p3.atlas.server.config.EnvReader;
import java.time.Duration;

/**
 * NetworkService configuration.
 *
 * @param checkInterval {@code ATLAS_NETWORK_CHECK_INTERVAL}: how often each instance looks for nodes and relays
 *                      that went offline (default PT5S)
 * @param watchBuffer   {@code ATLAS_NETWORK_WATCH_BUFFER}: events a watcher may fall behind before it is ended with
 *                      RESOURCE_EXHAUSTED (default 1000)
 */
public record NetworkConfig(Duration checkInterval, int watchBuffer) {

    public NetworkConfig {
        if (checkInterval.isZero()) {
            throw new ConfigException("ATLAS_NETWORK_CHECK_INTERVAL must be longer than zero");
        }
        if (watchBuffer < 1) {
            throw new ConfigException("ATLAS_NETWORK_WATCH_BUFFER must be at least 1, got " + watchBuffer);
        }
    }

    public static NetworkConfig from(EnvReader env) {
        return new NetworkConfig(env.duration("ATLAS_NETWORK_CHECK_INTERVAL", Duration.ofSeconds(5)),
                env.integer("ATLAS_NETWORK_WATCH_BUFFER", 1000));
    }
}
