package io.p3.atlas.server.ratelimit;

import io.p3.atlas.server.config.EnvReader;

/**
 * @param read            {@code ATLAS_RATE_LIMIT_READ}: the budget of public calls per client
 * @param write           {@code ATLAS_RATE_LIMIT_WRITE}: the budget of every other call per client
 * @param shared          {@code ATLAS_RATE_LIMIT_SHARED}: buckets in PostgreSQL, shared by every instance
 * @param trustedProxies  {@code ATLAS_TRUSTED_PROXIES}: peers whose {@code X-Forwarded-For} is believed
 */
public record RateLimitConfig(RateLimitSpec read, RateLimitSpec write, boolean shared, TrustedProxies trustedProxies) {
    /** Generous: normal use and the test suite never reach them. */
    public static final String DEFAULT_READ = "100/1s burst 1000";
    public static final String DEFAULT_WRITE = "50/1s burst 500";

    public static RateLimitConfig from(EnvReader env) {
        return new RateLimitConfig(
                RateLimitSpec.parse("ATLAS_RATE_LIMIT_READ", env.string("ATLAS_RATE_LIMIT_READ", DEFAULT_READ)),
                RateLimitSpec.parse("ATLAS_RATE_LIMIT_WRITE", env.string("ATLAS_RATE_LIMIT_WRITE", DEFAULT_WRITE)),
                env.bool("ATLAS_RATE_LIMIT_SHARED", false),
                TrustedProxies.parse("ATLAS_TRUSTED_PROXIES", env.string("ATLAS_TRUSTED_PROXIES", "")));
    }

    public RateLimitSpec spec(Budget budget) {
        return budget == Budget.READ ? read : write;
    }
}
