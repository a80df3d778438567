package io.p3.atlas.server.auth;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.p3.atlas.server.error.GrpcRejection;
import io.p3.atlas.v1.Access;
import java.util.Optional;

/**
 * Authenticates and authorizes every gRPC call (grpc-java, gRPC-Web, HTTP/JSON transcoding and unframed
 * JSON all arrive here) from the access level its RPC declares in the contract. Node keys may only call
 * NODE RPCs for the wallets on their line: each request message's {@code wallet_address} is checked.
 */
public final class AuthInterceptor implements ServerInterceptor {
    public static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    static final String WALLET_FIELD = "wallet_address";

    private final ApiKeys keys;
    private final AuthMetrics metrics;

    public AuthInterceptor(ApiKeys keys, AuthMetrics metrics) {
        this.keys = keys;
        this.metrics = metrics;
    }

    @Override
    public <I, O> ServerCall.Listener<I> interceptCall(ServerCall<I, O> call, Metadata headers,
                                                      ServerCallHandler<I, O> next) {
        Optional<Access> access = MethodAccess.of(call.getMethodDescriptor());
        if (access.isEmpty()) {
            return next.startCall(call, headers);
        }
        Caller caller = Caller.identify(headers.get(AUTHORIZATION), keys);
        AccessPolicy.Outcome outcome = AccessPolicy.decide(access.get(), caller, keys.enabled());
        metrics.count(outcome);
        if (!outcome.allowed()) {
            if (outcome == AccessPolicy.Outcome.UNAUTHENTICATED) {
                challenge();
            }
            return GrpcRejection.reject(call, AccessPolicy.refusal(outcome, access.get(), caller));
        }
        ServerCall.Listener<I> listener = next.startCall(call, headers);
        if (keys.enabled() && access.get() == Access.ACCESS_NODE) {
            return new WalletGuard<>(listener, call, caller.key().orElseThrow(), metrics);
        }
        return listener;
    }

    /** {@code WWW-Authenticate: Bearer} on the HTTP response (401 over HTTP/JSON). */
    static void challenge() {
        ServiceRequestContext ctx = ServiceRequestContext.currentOrNull();
        if (ctx != null) {
            ctx.setAdditionalResponseHeader(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer");
        }
    }

    /** Lets a message through only if its wallet_address is one the key may report for. */
    private static final class WalletGuard<I> extends ForwardingServerCallListener.SimpleForwardingServerCallListener<I> {
        private final ServerCall<I, ?> call;
        private final ApiKey key;
        private final AuthMetrics metrics;
        private boolean refused;

        WalletGuard(ServerCall.Listener<I> delegate, ServerCall<I, ?> call, ApiKey key, AuthMetrics metrics) {
            super(delegate);
            this.call = call;
            this.key = key;
            this.metrics = metrics;
        }

        @Override
        public void onMessage(I message) {
            if (refused) {
                return;
            }
            String wallet = walletOf(message);
            if (!key.mayReportFor(wallet)) {
                refused = true;
                metrics.count(AccessPolicy.Outcome.PERMISSION_DENIED);
                GrpcRejection.close(call, AccessPolicy.walletRefusal(wallet));
                return;
            }
            super.onMessage(message);
        }

        @Override
        public void onHalfClose() {
            if (!refused) {
                super.onHalfClose();
            }
        }

        /** The message's {@code wallet_address}, read from its descriptor; null when it has none (denied). */
        private static String walletOf(Object message) {
            if (message instanceof Message m) {
                FieldDescriptor f = m.getDescriptorForType().findFieldByName(WALLET_FIELD);
                if (f != null && !f.isRepeated() && f.getJavaType() == FieldDescriptor.JavaType.STRING) {
                    return (String) m.getField(f);
                }
            }
            return null;
        }
    }
}
