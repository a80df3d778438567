package io.p3.atlas.server.ratelimit;

import io.grpc.stub.StreamObserver;
import io.p3.atlas.server.error.AtlasException;
import io.p3.atlas.server.grpc.ProtoTimes;
import io.p3.atlas.server.grpc.Replies;
import io.p3.atlas.v1.CheckRateLimitRequest;
import io.p3.atlas.v1.CheckRateLimitResponse;
import io.p3.atlas.v1.RateLimitServiceGrpc;
import io.p3.atlas.v1.ResetRateLimitRequest;
import io.p3.atlas.v1.ResetRateLimitResponse;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** atlas.v1.RateLimitService (admin only, declared in the contract): inspect and refill a client's buckets. */
public final class RateLimitGrpcService extends RateLimitServiceGrpc.RateLimitServiceImplBase {
    private static final Pattern KEY_ID = Pattern.compile("sha256:[0-9a-f]{64}");

    private final RateLimiter limiter;
    private final Clock clock;

    public RateLimitGrpcService(RateLimiter limiter, Clock clock) {
        this.limiter = limiter;
        this.clock = clock;
    }

    @Override
    public void checkRateLimit(CheckRateLimitRequest req, StreamObserver<CheckRateLimitResponse> out) {
        Replies.reply(out, () -> {
            String client = client(req.getKey());
            Budget budget = req.getBudget().isEmpty() ? Budget.READ : budget(req.getBudget());
            CheckRateLimitResponse.Builder b = CheckRateLimitResponse.newBuilder()
                    .setBudget(budget.label()).setPolicy(limiter.spec(budget).toString());
            return limiter.inspect(budget, client)
                    .map(d -> b.setAllowed(d.allowed()).setRemaining(d.remaining())
                            .setResetTime(ProtoTimes.toProto(clock.instant().plus(d.resetAfter()))))
                    .orElseGet(() -> b.setAllowed(true).setRemaining(Long.MAX_VALUE)
                            .setResetTime(ProtoTimes.toProto(clock.instant())))
                    .build();
        });
    }

    @Override
    public void resetRateLimit(ResetRateLimitRequest req, StreamObserver<ResetRateLimitResponse> out) {
        Replies.reply(out, () -> {
            String client = client(req.getKey());
            List<Budget> budgets = req.getBudget().isEmpty() ? List.of(Budget.values()) : List.of(budget(req.getBudget()));
            budgets.forEach(b -> limiter.reset(b, client));
            return ResetRateLimitResponse.getDefaultInstance();
        });
    }

    /** {@code sha256:<hex>} of a key, or an IP address written as the server writes it. */
    static String client(String key) {
        String k = key.strip();
        if (KEY_ID.matcher(k.toLowerCase(Locale.ROOT)).matches()) {
            return k.toLowerCase(Locale.ROOT);
        }
        return TrustedProxies.parseLiteral(k).map(ClientIds::ip).orElseThrow(() -> AtlasException.invalidArgument(
                "key", "key must be sha256: and the 64 hex digits of an API key's hash, or an IP address"));
    }

    private static Budget budget(String label) {
        return Budget.fromLabel(label.strip().toLowerCase(Locale.ROOT)).orElseThrow(() ->
                AtlasException.invalidArgument("budget", "budget must be read or write"));
    }
}
