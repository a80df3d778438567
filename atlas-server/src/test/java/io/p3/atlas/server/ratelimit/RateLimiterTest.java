package io.p3.atlas.server.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.p3.atlas.server.testing.MutableClock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Token buckets on an injected clock: no sleeping, exact refill arithmetic. */
class RateLimiterTest {
    final MutableClock clock = MutableClock.at("2026-05-01T10:00:00Z");
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    RateLimiter limiter(String read, String write) {
        return RateLimiter.create(new RateLimitConfig(RateLimitSpec.parse("R", read), RateLimitSpec.parse("W", write),
                false, TrustedProxies.none()), Optional.empty(), clock, meters);
    }

    @Test
    void theSixthRequestWithinAMinuteIsRefusedUntilATokenRefills() {
        try (RateLimiter rl = limiter("5/1m", "off")) {
            for (int i = 4; i >= 0; i--) {
                RateLimitDecision d = rl.consume(Budget.READ, "203.0.113.7").orElseThrow();
                assertTrue(d.allowed());
                assertEquals(i, d.remaining());
            }
            RateLimitDecision refused = rl.consume(Budget.READ, "203.0.113.7").orElseThrow();
            assertFalse(refused.allowed());
            assertEquals(Duration.ofSeconds(12), refused.retryAfter(), "one token per 12 s");
            assertEquals(12, refused.retryAfterSeconds());
            assertEquals(60, refused.resetSeconds());
            assertTrue(rl.consume(Budget.READ, "203.0.113.8").orElseThrow().allowed(), "another client has its own bucket");

            clock.advance(Duration.ofSeconds(11));
            assertFalse(rl.consume(Budget.READ, "203.0.113.7").orElseThrow().allowed());
            clock.advance(Duration.ofSeconds(1));
            assertTrue(rl.consume(Budget.READ, "203.0.113.7").orElseThrow().allowed());
            assertEquals(2.0, meters.get("atlas.rate.limit.requests").tag("budget", "read").tag("outcome", "rejected")
                    .counter().count());
        }
    }

    @Test
    void burstCapacityAndContinuousRefill() {
        try (RateLimiter rl = limiter("off", "2/1s burst 4")) {
            for (int i = 0; i < 4; i++) {
                assertTrue(rl.consume(Budget.WRITE, "k").orElseThrow().allowed(), "burst of 4");
            }
            RateLimitDecision refused = rl.consume(Budget.WRITE, "k").orElseThrow();
            assertFalse(refused.allowed());
            assertEquals(Duration.ofMillis(500), refused.retryAfter());
            assertEquals(1, refused.retryAfterSeconds(), "Retry-After rounds up to whole seconds");
            clock.advance(Duration.ofSeconds(1));
            assertEquals(1, rl.consume(Budget.WRITE, "k").orElseThrow().remaining(), "2 refilled, 1 spent");
            assertTrue(rl.consume(Budget.READ, "k").isEmpty(), "read budget off");
        }
    }

    @Test
    void inspectDoesNotSpendAndResetRefills() {
        try (RateLimiter rl = limiter("3/1m", "3/1m")) {
            rl.consume(Budget.READ, "c");
            rl.consume(Budget.READ, "c");
            RateLimitDecision seen = rl.inspect(Budget.READ, "c").orElseThrow();
            assertEquals(1, seen.remaining());
            assertEquals(1, rl.inspect(Budget.READ, "c").orElseThrow().remaining(), "inspecting is free");
            assertEquals(Duration.ofSeconds(40), seen.resetAfter());
            assertEquals(3, rl.inspect(Budget.WRITE, "c").orElseThrow().remaining(), "budgets are separate");
            rl.consume(Budget.READ, "c");
            assertFalse(rl.inspect(Budget.READ, "c").orElseThrow().allowed());
            rl.reset(Budget.READ, "c");
            assertEquals(3, rl.inspect(Budget.READ, "c").orElseThrow().remaining());
        }
    }
}
