package io.p3.atlas.server.grpc;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.grpc.MethodDescriptor;
import java.util.concurrent.CompletionStage;

/**
 * What a request answered from {@link TranscodedReplies} must still pass: the checks the call would meet
 * inside the gRPC service (its interceptors: API keys, rate limits), since a hit never reaches them.
 */
@FunctionalInterface
public interface ReplyGate {
    /**
     * True to send the cached reply; false to pass the request to the gRPC service as if nothing were cached
     * (which then refuses it, or answers). May complete later, on any thread.
     *
     * @param method the RPC whose reply is cached
     */
    CompletionStage<Boolean> admit(ServiceRequestContext ctx, HttpRequest req, MethodDescriptor<?, ?> method);
}
