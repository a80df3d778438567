package io.p3.atlas.server.ratelimit;

import java.time.Duration;

/**
 * The state of one client's bucket after a check.
 *
 * @param budget     which budget
 * @param spec       its policy
 * @param allowed    whether the request was (or would be) accepted
 * @param remaining  tokens left now
 * @param retryAfter how long until a token is available (zero when allowed)
 * @param resetAfter how long until the bucket is full again
 */
public record RateLimitDecision(Budget budget, RateLimitSpec spec, boolean allowed, long remaining,
                                Duration retryAfter, Duration resetAfter) {

    /** {@code Retry-After} in whole seconds, at least 1. */
    public long retryAfterSeconds() {
        return Math.max(1, ceilSeconds(retryAfter));
    }

    /** Seconds until the bucket is full, rounded up (the {@code t} of the RateLimit header). */
    public long resetSeconds() {
        return ceilSeconds(resetAfter);
    }

    private static long ceilSeconds(Duration d) {
        return d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
    }
}
