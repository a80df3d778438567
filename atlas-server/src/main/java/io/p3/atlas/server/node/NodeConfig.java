package io.p3.atlas.server.node;

import io.p3.atlas.server.config.EnvReader;
import java.time.Duration;

/**
 * NodeService configuration.
 *
 * @param leaderboardCacheTtl {@code ATLAS_LEADERBOARD_CACHE_TTL}: how long a leaderboard over a range of days
 *                            is ranked once and paged from memory (default PT10S; PT0S ranks on every call)
 */
public record NodeConfig(Duration leaderboardCacheTtl) {

    public static NodeConfig from(EnvReader env) {
        return new NodeConfig(env.duration("ATLAS_LEADERBOARD_CACHE_TTL", Duration.ofSeconds(10)));
    }
}
