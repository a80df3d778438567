package io.p3.atlas.server.resilience;

import io.p3.atlas.server.config.ConfigException;
import io.p3.atlas.server.config.EnvReader;
import java.time.Duration;

/**
 * Overload limits from the environment. The defaults are far above what normal use (and the test suite)
 * reaches; they exist so that a flood is refused at once instead of queued.
 *
 * @param maxConcurrentCalls     {@code ATLAS_MAX_CONCURRENT_CALLS}: calls one gRPC service serves at once, on
 *                               every transport; more are refused at once with RESOURCE_EXHAUSTED (HTTP 503)
 *                               and a retry delay
 * @param maxConcurrentTransfers {@code ATLAS_MAX_CONCURRENT_TRANSFERS}: the same for the plain content routes
 *                               together ({@code /content/{id}}, the multipart upload), whose downloads and
 *                               uploads hold their place while the bytes flow
 * @param requestTimeout         {@code ATLAS_REQUEST_TIMEOUT}: the longest a call may take, unless its route or
 *                               the caller's gRPC deadline says otherwise (content transfers have none);
 *                               {@code PT0S} for none
 * @param maxConnections         {@code ATLAS_MAX_CONNECTIONS}: open client connections at most; more are
 *                               closed as soon as they are accepted
 */
public record ResilienceConfig(int maxConcurrentCalls, int maxConcurrentTransfers, Duration requestTimeout,
                               int maxConnections) {
    public static final ResilienceConfig DEFAULTS = new ResilienceConfig(256, 1024, Duration.ofSeconds(10), 10_000);

    public ResilienceConfig {
        if (maxConcurrentCalls < 1) {
            throw new ConfigException("ATLAS_MAX_CONCURRENT_CALLS must be at least 1, got " + maxConcurrentCalls);
        }
        if (maxConcurrentTransfers < 1) {
            throw new ConfigException("ATLAS_MAX_CONCURRENT_TRANSFERS must be at least 1, got "
                    + maxConcurrentTransfers);
        }
        if (maxConnections < 1) {
            throw new ConfigException("ATLAS_MAX_CONNECTIONS must be at least 1, got " + maxConnections);
        }
    }

    public static ResilienceConfig from(EnvReader env) {
        return new ResilienceConfig(
                env.integer("ATLAS_MAX_CONCURRENT_CALLS", DEFAULTS.maxConcurrentCalls()),
                env.integer("ATLAS_MAX_CONCURRENT_TRANSFERS", DEFAULTS.maxConcurrentTransfers()),
                env.duration("ATLAS_REQUEST_TIMEOUT", DEFAULTS.requestTimeout()),
                env.integer("ATLAS_MAX_CONNECTIONS", DEFAULTS.maxConnections()));
    }
}
