package io.p3.atlas.server.ratelimit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/** {@code atlas_rate_limit_requests_total{budget=read|write,outcome=allowed|rejected}}; never a client in a label. */
final class RateLimitMetrics {
    private final Map<Budget, Counter> allowed = new EnumMap<>(Budget.class);
    private final Map<Budget, Counter> rejected = new EnumMap<>(Budget.class);

    RateLimitMetrics(MeterRegistry meters) {
        for (Budget b : Budget.values()) {
            allowed.put(b, counter(meters, b, "allowed"));
            rejected.put(b, counter(meters, b, "rejected"));
        }
    }

    private static Counter counter(MeterRegistry meters, Budget b, String outcome) {
        return Counter.builder("atlas.rate.limit.requests").description("Rate-limited requests by budget and outcome")
                .tag("budget", b.label()).tag("outcome", outcome).register(meters);
    }

    void count(RateLimitDecision d) {
        (d.allowed() ? allowed : rejected).get(d.budget()).increment();
    }
}
