package io.p3.atlas.server.ratelimit;

import com.linecorp.armeria.server.ServiceRequestContext;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.p3.atlas.server.auth.AuthInterceptor;
import io.p3.atlas.server.auth.MethodAccess;
import io.p3.atlas.server.error.GrpcRejection;
import io.p3.atlas.v1.Access;
import java.util.Optional;

/**
 * Spends a token for every gRPC call (every transport reaches the gRPC service) before it is
 * authenticated, so guessing keys costs budget too. Public RPCs spend the read budget, the others the
 * write budget; health and reflection are never limited. Runs on the blocking executor (a shared
 * budget is one PostgreSQL round trip).
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
        String client = clients.of(ctx, headers.get(AuthInterceptor.AUTHORIZATION));
        Optional<RateLimitDecision> decision = limiter.consume(Budget.of(access.get()), client);
        if (decision.isPresent()) {
            RateLimitHeaders.apply(ctx, decision.get());
            if (!decision.get().allowed()) {
                return GrpcRejection.reject(call, RateLimitHeaders.refusal(decision.get()));
            }
        }
        return next.startCall(call, headers);
    }
}
