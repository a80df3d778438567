package io.p3.atlas.server.ratelimit;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import io.micrometer.core.instrument.MeterRegistry;
import io.p3.atlas.server.config.ConfigException;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Token buckets per client and budget (Bucket4j): {@link #consume} spends a token for a request,
 * {@link #inspect} looks without spending, {@link #reset} refills. A bucket's name holds the budget's
 * policy, so changing ATLAS_RATE_LIMIT_* starts every client with a fresh bucket of the new size.
 */
public final class RateLimiter implements AutoCloseable {
    private final Map<Budget, RateLimitSpec> specs = new EnumMap<>(Budget.class);
    private final Map<Budget, BucketConfiguration> configs = new EnumMap<>(Budget.class);
    private final BucketStore store;
    private final RateLimitMetrics metrics;

    RateLimiter(RateLimitConfig config, BucketStore store, MeterRegistry meters) {
        for (Budget b : Budget.values()) {
            RateLimitSpec spec = config.spec(b);
            specs.put(b, spec);
            if (!spec.off()) {
                configs.put(b, BucketConfiguration.builder().addLimit(Bandwidth.builder().capacity(spec.burst())
                        .refillGreedy(spec.requests(), spec.period()).build()).build());
            }
        }
        this.store = store;
        this.metrics = new RateLimitMetrics(meters);
    }

    /**
     * A limiter in memory, or on PostgreSQL when {@code config.shared()}; {@code postgres} is the
     * database's DataSource when it is PostgreSQL, else empty (shared mode then stops start-up).
     */
    public static RateLimiter create(RateLimitConfig config, Optional<DataSource> postgres, Clock clock,
                                     MeterRegistry meters) {
        BucketStore store;
        if (config.shared()) {
            store = new PostgresBucketStore(postgres.orElseThrow(() -> new ConfigException(
                    "ATLAS_RATE_LIMIT_SHARED=true needs DATABASE_URL to point to PostgreSQL (the embedded H2"
                            + " database serves one instance)")), clock);
        } else {
            Duration longest = config.read().off() ? Duration.ZERO : config.read().timeToFull(0);
            if (!config.write().off() && config.write().timeToFull(0).compareTo(longest) > 0) {
                longest = config.write().timeToFull(0);
            }
            store = new LocalBucketStore(clock, longest);
        }
        return new RateLimiter(config, store, meters);
    }

    public RateLimitSpec spec(Budget budget) {
        return specs.get(budget);
    }

    /** Whether checks may block on the database (run them off the event loop). */
    public boolean blocking() {
        return store.blocking();
    }

    /** Spends one token of {@code client}'s {@code budget}; empty when that budget is off. */
    public Optional<RateLimitDecision> consume(Budget budget, String client) {
        if (spec(budget).off()) {
            return Optional.empty();
        }
        ConsumptionProbe p = bucket(budget, client).tryConsumeAndReturnRemaining(1);
        RateLimitDecision d = decision(budget, p.isConsumed(), p.getRemainingTokens(), p.getNanosToWaitForRefill());
        metrics.count(d);
        return Optional.of(d);
    }

    /** The state of {@code client}'s {@code budget} without spending a token; empty when off. */
    public Optional<RateLimitDecision> inspect(Budget budget, String client) {
        if (spec(budget).off()) {
            return Optional.empty();
        }
        EstimationProbe p = bucket(budget, client).estimateAbilityToConsume(1);
        return Optional.of(decision(budget, p.canBeConsumed(), p.getRemainingTokens(), p.getNanosToWaitForRefill()));
    }

    /** Refills {@code client}'s {@code budget}. */
    public void reset(Budget budget, String client) {
        if (!spec(budget).off()) {
            store.remove(key(budget, client));
        }
    }

    private Bucket bucket(Budget budget, String client) {
        return store.bucket(key(budget, client), configs.get(budget));
    }

    private String key(Budget budget, String client) {
        return budget.label() + "|" + spec(budget) + "|" + client;
    }

    private RateLimitDecision decision(Budget budget, boolean allowed, long remaining, long nanosToRefill) {
        RateLimitSpec spec = spec(budget);
        long left = Math.max(0, remaining);
        return new RateLimitDecision(budget, spec, allowed, left,
                allowed ? Duration.ZERO : Duration.ofNanos(nanosToRefill), spec.timeToFull(left));
    }

    @Override
    public void close() {
        store.close();
    }
}
