package io.p3.atlas.client;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.MethodDescriptor;

/**
 * The SDK's one place for retries: wraps every unary and server-streaming call in a {@link RetryingCall}
 * that follows a {@link RetryPolicy}. Client-streaming and bidirectional calls pass through untouched.
 */
final class RetryingInterceptor implements ClientInterceptor {
    private final RetryPolicy policy;

    RetryingInterceptor(RetryPolicy policy) {
        this.policy = policy;
    }

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        if (policy.maxAttempts() <= 1 || !method.getType().clientSendsOneMessage()) {
            return next.newCall(method, options);
        }
        return new RetryingCall<>(policy, method, options, next);
    }
}
