package io.p3.atlas.server.ratelimit;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.p3.atlas.server.auth.HttpRouteAccess;
import io.p3.atlas.server.error.JsonErrors;
import io.p3.atlas.v1.Access;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Rate-limits the plain HTTP routes ({@code /content/{id}}, the multipart upload, any later route) as
 * {@link RateLimitInterceptor} does gRPC calls: 429 with {@code Retry-After}, RateLimit headers on every
 * limited response. gRPC routes, {@code /internal/*} and {@code /docs} pass untouched.
 */
public final class RateLimitDecorator implements DecoratingHttpServiceFunction {
    private final RateLimiter limiter;
    private final ClientIds clients;
    private final HttpRouteAccess routes;

    public RateLimitDecorator(RateLimiter limiter, ClientIds clients, HttpRouteAccess routes) {
        this.limiter = limiter;
        this.clients = clients;
        this.routes = routes;
    }

    @Override
    public HttpResponse serve(HttpService delegate, ServiceRequestContext ctx, HttpRequest req) throws Exception {
        Optional<Access> access = routes.of(ctx);
        if (access.isEmpty()) {
            return delegate.serve(ctx, req);
        }
        Budget budget = Budget.of(access.get());
        String client = clients.of(ctx, req.headers().get(HttpHeaderNames.AUTHORIZATION));
        if (!limiter.blocking()) {
            return afterCheck(delegate, ctx, req, limiter.consume(budget, client));
        }
        // A shared budget is a database round trip: check off the event loop, serve on it.
        CompletableFuture<HttpResponse> response = CompletableFuture
                .supplyAsync(() -> limiter.consume(budget, client), ctx.blockingTaskExecutor())
                .thenApplyAsync(d -> {
                    try {
                        return afterCheck(delegate, ctx, req, d);
                    } catch (Exception e) {
                        return HttpResponse.ofFailure(e);
                    }
                }, ctx.eventLoop());
        return HttpResponse.of(response);
    }

    private static HttpResponse afterCheck(HttpService delegate, ServiceRequestContext ctx, HttpRequest req,
                                           Optional<RateLimitDecision> decision) throws Exception {
        if (decision.isPresent()) {
            RateLimitHeaders.apply(ctx, decision.get());
            if (!decision.get().allowed()) {
                return JsonErrors.of(HttpStatus.TOO_MANY_REQUESTS, RateLimitHeaders.refusal(decision.get()));
            }
        }
        return delegate.serve(ctx, req);
    }
}
