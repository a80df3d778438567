package io.p3.atlas.server.ratelimit;

import com.linecorp.armeria.server.ServiceRequestContext;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.p3.atlas.server.auth.AuthInterceptor;
import io.p3.atlas.server.auth.MethodAccess;
import io.p3.atlas.server.error.GrpcErrors;
import io.p3.atlas.server.error.GrpcRejection;
import io.p3.atlas.v1.Access;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Spends a token for every gRPC call (every transport reaches the gRPC service) before it is
 * authenticated, so guessing keys costs budget too. Public RPCs spend the read budget, the others the
 * write budget; health and reflection are never limited. A shared budget is one PostgreSQL round trip:
 * on an event loop (RPCs that reply from a cache), the call starts once it is decided on the blocking
 * executor. A decision already made for the request in front of the gRPC service (the HTTP/JSON reply
 * cache's gate, {@link RateLimitDecision#MADE}) is not made twice.
 */
public final class RateLimitInterceptor implements ServerInterceptor {
    private final RateLimiter limiter;
    private final ClientIds clients;

    public RateLimitInterceptor(RateLimiter limiter, ClientIds clients) {
        this.limiter = limiter;
        this.clients = clients;
    }

    @Override
    public <I, O> ServerCall.Listener<I> interceptCall(ServerCall<I, O> call, Metadata headers,
                                                      ServerCallHandler<I, O> next) {
        Optional<Access> access = MethodAccess.of(call.getMethodDescriptor());
        ServiceRequestContext ctx = ServiceRequestContext.currentOrNull();
        if (access.isEmpty() || ctx == null) {
            return next.startCall(call, headers);
        }
        RateLimitDecision made = ctx.attr(RateLimitDecision.MADE);
        if (made != null) {
            return decide(call, headers, next, ctx, Optional.of(made));
        }
        Budget budget = Budget.of(access.get());
        String client = clients.of(ctx, headers.get(AuthInterceptor.AUTHORIZATION));
        if (limiter.blocking() && ctx.eventLoop().inEventLoop()) {
            // A shared budget is a database round trip, and RPCs that reply from a cache run on the event loop:
            // decide on the blocking executor, start the call on the event loop after.
            DeferredListener<I> deferred = new DeferredListener<>();
            CompletableFuture.supplyAsync(() -> limiter.consume(budget, client), ctx.blockingTaskExecutor())
                    .whenCompleteAsync((decision, error) -> {
                        if (error != null) {
                            Metadata trailers = new Metadata();
                            call.close(GrpcErrors.toStatus(error, trailers), trailers);
                            deferred.start(new ServerCall.Listener<>() {
                            });
                            return;
                        }
                        deferred.start(decide(call, headers, next, ctx, decision));
                    }, ctx.eventLoop());
            return deferred;
        }
        return decide(call, headers, next, ctx, limiter.consume(budget, client));
    }

    private static <I, O> ServerCall.Listener<I> decide(ServerCall<I, O> call, Metadata headers,
                                                       ServerCallHandler<I, O> next, ServiceRequestContext ctx,
                                                       Optional<RateLimitDecision> decision) {
        if (decision.isPresent()) {
            RateLimitHeaders.apply(ctx, decision.get());
            if (!decision.get().allowed()) {
                return GrpcRejection.reject(call, RateLimitHeaders.refusal(decision.get()));
            }
        }
        return next.startCall(call, headers);
    }
}
