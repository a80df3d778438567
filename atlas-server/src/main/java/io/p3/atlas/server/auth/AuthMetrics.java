package io.p3.atlas.server.auth;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/** {@code atlas_auth_requests_total{outcome=open|public|allowed|unauthenticated|permission_denied}}; no key values. */
public final class AuthMetrics {
    private final Map<AccessPolicy.Outcome, Counter> counters = new EnumMap<>(AccessPolicy.Outcome.class);

    public AuthMetrics(MeterRegistry meters) {
        for (AccessPolicy.Outcome o : AccessPolicy.Outcome.values()) {
            counters.put(o, Counter.builder("atlas.auth.requests")
                    .description("Calls by outcome of authentication and authorization")
                    .tag("outcome", o.label()).register(meters));
        }
    }

    void count(AccessPolicy.Outcome outcome) {
        counters.get(outcome).increment();
    }
}
