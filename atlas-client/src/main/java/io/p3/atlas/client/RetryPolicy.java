package io.p3.atlas.client;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When and how often the SDK repeats a failed call. Immutable; start from {@link #defaults()} or
 * {@link #none()} and adjust with the {@code with…} methods.
 *
 * <ul>
 *   <li>{@code UNAVAILABLE} is retried for calls that are safe to repeat (the README's table), after an
 *       exponential backoff with full jitter: before retry {@code n} the client waits a random time between
 *       0 and {@code min(initialBackoff * multiplier^(n-1), maxBackoff)}. When the status carries a
 *       {@code google.rpc.RetryInfo}, its delay is used instead.</li>
 *   <li>{@code RESOURCE_EXHAUSTED} carrying a {@code google.rpc.RetryInfo} is retried for every unary and
 *       server-streaming call, after exactly the server's delay: the server sends it only for a call it refused
 *       before doing anything (a full analytics queue, a rate limit). A delay longer than
 *       {@link #maxServerDelay()} or than what is left of the call's deadline is not waited for: the call
 *       fails at once and {@link AtlasClientException#retryDelay()} tells the caller the delay.</li>
 *   <li>At most {@link #maxAttempts()} attempts (the first included), all within the call's one deadline
 *       ({@link AtlasClient.Builder#deadline}): a retry whose delay would end after the deadline is not
 *       made, and the last failure is reported.</li>
 *   <li>Client-streaming calls ({@code UploadAsset}, {@code StreamEvents}) are never retried, nor is a
 *       server-streaming call ({@code ReadAsset}) once its first message arrived.</li>
 * </ul>
 */
public final class RetryPolicy {
    private static final RetryPolicy DEFAULTS = new RetryPolicy(4, Duration.ofMillis(100), Duration.ofSeconds(5),
            2.0, Duration.ofSeconds(30));
    private static final RetryPolicy NONE = new RetryPolicy(1, DEFAULTS.initialBackoff, DEFAULTS.maxBackoff,
            DEFAULTS.multiplier, DEFAULTS.maxServerDelay);

    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final double multiplier;
    private final Duration maxServerDelay;

    private RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, double multiplier,
                        Duration maxServerDelay) {
        this.maxAttempts = maxAttempts;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.multiplier = multiplier;
        this.maxServerDelay = maxServerDelay;
    }

    /**
     * 4 attempts, backoff from 100 ms doubling up to 5 s, server delays (RetryInfo) of up to 30 s honoured.
     *
     * @return the default policy
     */
    public static RetryPolicy defaults() {
        return DEFAULTS;
    }

    /**
     * One attempt: every failure reaches the caller as it is.
     *
     * @return the policy that never retries
     */
    public static RetryPolicy none() {
        return NONE;
    }

    /**
     * @param attempts attempts per call, the first one included (1 to 100; 1 turns retries off)
     * @return a copy with that bound
     */
    public RetryPolicy withMaxAttempts(int attempts) {
        if (attempts < 1 || attempts > 100) {
            throw new IllegalArgumentException("maxAttempts must be 1 to 100, was " + attempts);
        }
        return new RetryPolicy(attempts, initialBackoff, maxBackoff, multiplier, maxServerDelay);
    }

    /**
     * @param initial the backoff before the first retry (before jitter), positive
     * @param max the longest backoff (before jitter), at least {@code initial}
     * @param factor how much the backoff grows per retry, at least 1
     * @return a copy with that backoff
     */
    public RetryPolicy withBackoff(Duration initial, Duration max, double factor) {
        positive(initial, "initial backoff");
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("max backoff must be at least the initial backoff");
        }
        if (!(factor >= 1.0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("backoff multiplier must be at least 1");
        }
        return new RetryPolicy(maxAttempts, initial, max, factor, maxServerDelay);
    }

    /**
     * @param max the longest {@code RetryInfo} delay the client waits for before retrying; a longer one fails
     *     the call at once
     * @return a copy with that bound
     */
    public RetryPolicy withMaxServerDelay(Duration max) {
        Objects.requireNonNull(max, "max");
        if (max.isNegative()) {
            throw new IllegalArgumentException("max server delay must not be negative");
        }
        return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, multiplier, max);
    }

    /** @return attempts per call, the first one included */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** @return the backoff before the first retry, before jitter */
    public Duration initialBackoff() {
        return initialBackoff;
    }

    /** @return the longest backoff, before jitter */
    public Duration maxBackoff() {
        return maxBackoff;
    }

    /** @return how much the backoff grows per retry */
    public double multiplier() {
        return multiplier;
    }

    /** @return the longest {@code RetryInfo} delay the client waits for */
    public Duration maxServerDelay() {
        return maxServerDelay;
    }

    /** The jittered backoff before retry number {@code retry} (1 for the first retry), in nanoseconds. */
    long backoffNanos(int retry) {
        double ceiling = initialBackoff.toNanos() * Math.pow(multiplier, retry - 1);
        long bound = (long) Math.min(ceiling, (double) maxBackoff.toNanos());
        return bound <= 0 ? 0 : ThreadLocalRandom.current().nextLong(bound + 1);
    }

    private static void positive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive");
        }
    }

    @Override
    public String toString() {
        return "RetryPolicy{maxAttempts=" + maxAttempts + ", backoff=" + initialBackoff + ".." + maxBackoff + " x"
                + multiplier + ", maxServerDelay=" + maxServerDelay + '}';
    }
}
