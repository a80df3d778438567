package io.p3.atlas.server.node;

import io.p3.atlas.server.config.ConfigException;
import io.p3.atlas.server.config.EnvReader;
import java.time.Duration;

/**
 * NodeService configuration.
 *
 * @param leaderboardCacheTtl {@code ATLAS_LEADERBOARD_CACHE_TTL}: how long a leaderboard over a range of days
 *                            or all time is ranked once and paged from memory (default PT10S; PT0S ranks on
 *                            every call)
 * @param writeLanes          {@code ATLAS_NODE_WRITE_LANES}: writer threads of the node write path on PostgreSQL
 *                            (1 to 64, default 1), each committing its own batches of the wallets it owns
 */
public record NodeConfig(Duration leaderboardCacheTtl, int writeLanes) {
    public static final int DEFAULT_WRITE_LANES = 1;

    public NodeConfig {
        if (leaderboardCacheTtl.isNegative()) {
            throw new ConfigException("ATLAS_LEADERBOARD_CACHE_TTL must not be negative, got " + leaderboardCacheTtl);
        }
        if (writeLanes < 1 || writeLanes > 64) {
            throw new ConfigException("ATLAS_NODE_WRITE_LANES must be between 1 and 64, got " + writeLanes);
        }
    }

    public static NodeConfig from(EnvReader env) {
        return new NodeConfig(env.duration("ATLAS_LEADERBOARD_CACHE_TTL", Duration.ofSeconds(10)),
                env.integer("ATLAS_NODE_WRITE_LANES", DEFAULT_WRITE_LANES));
    }
}
