package io.p3.atlas.server;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.grpc.MethodDescriptor;
import io.p3.atlas.server.auth.AccessPolicy;
import io.p3.atlas.server.auth.ApiKeys;
import io.p3.atlas.server.auth.AuthMetrics;
import io.p3.atlas.server.auth.Caller;
import io.p3.atlas.server.auth.MethodAccess;
import io.p3.atlas.server.grpc.ReplyGate;
import io.p3.atlas.server.ratelimit.Budget;
import io.p3.atlas.server.ratelimit.ClientIds;
import io.p3.atlas.server.ratelimit.RateLimitDecision;
import io.p3.atlas.server.ratelimit.RateLimitHeaders;
import io.p3.atlas.server.ratelimit.RateLimiter;
import io.p3.atlas.v1.Access;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The checks of the gRPC interceptors (AuthInterceptor, RateLimitInterceptor), made for a request the
 * HTTP/JSON reply cache would answer: a caller the RPC refuses goes on to the gRPC service, which refuses it
 * as always (a rate-limit refusal decided here is handed to it, so no token is spent twice); an admitted one
 * spends its token, gets the RateLimit headers and is counted in the auth metric, as through the service.
 */
final class CachedReplyGate implements ReplyGate {
    private static final CompletableFuture<Boolean> YES = CompletableFuture.completedFuture(true);
    private static final CompletableFuture<Boolean> NO = CompletableFuture.completedFuture(false);

    private final ApiKeys keys;
    private final AuthMetrics authMetrics;
    private final RateLimiter limiter;
    private final ClientIds clients;

    CachedReplyGate(ApiKeys keys, AuthMetrics authMetrics, RateLimiter limiter, ClientIds clients) {
        this.keys = keys;
        this.authMetrics = authMetrics;
        this.limiter = limiter;
        this.clients = clients;
    }

    @Override
    public CompletionStage<Boolean> admit(ServiceRequestContext ctx, HttpRequest req, MethodDescriptor<?, ?> method) {
        Optional<Access> access = MethodAccess.of(method);
        if (access.isEmpty()) {
            return YES;
        }
        String authorization = req.headers().get(HttpHeaderNames.AUTHORIZATION);
        AccessPolicy.Outcome outcome = AccessPolicy.decide(access.get(), Caller.identify(authorization, keys),
                keys.enabled());
        if (!outcome.allowed()) {
            return NO; // refused by the service's AuthInterceptor, which spends the token and counts it
        }
        Budget budget = Budget.of(access.get());
        if (limiter.spec(budget).off()) {
            authMetrics.count(outcome);
            return YES;
        }
        String client = clients.of(ctx, authorization);
        if (!limiter.blocking()) {
            return admit(ctx, outcome, limiter.consume(budget, client)) ? YES : NO;
        }
        // A shared budget is a database round trip: off the event loop.
        return CompletableFuture.supplyAsync(() -> admit(ctx, outcome, limiter.consume(budget, client)),
                ctx.blockingTaskExecutor());
    }

    private boolean admit(ServiceRequestContext ctx, AccessPolicy.Outcome outcome,
                          Optional<RateLimitDecision> decision) {
        if (decision.isPresent() && !decision.get().allowed()) {
            ctx.setAttr(RateLimitDecision.MADE, decision.get());
            return false;
        }
        decision.ifPresent(d -> RateLimitHeaders.apply(ctx, d));
        authMetrics.count(outcome);
        return true;
    }
}
