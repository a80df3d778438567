package io.p3.atlas.server.grpc;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.ServiceRequestContext;
import java.util.function.Supplier;

/**
 * What a request answered from {@link TranscodedReplies} must still pass: the checks the call would meet
 * inside the gRPC service (its interceptors: API keys, rate limits), since a hit never reaches them.
 */
@FunctionalInterface
public interface ReplyGate {
    /** No checks: every request may be answered from the cache. */
    ReplyGate OPEN = (ctx, req, rpc, reply) -> reply.get();

    /**
     * {@code reply.get()} to send the cached reply, or the refusal the gRPC service would have sent (now or
     * later, as an {@code HttpResponse.of(future)}).
     *
     * @param rpc the full name of the RPC that made the reply ({@code atlas.v1.CatalogService/ListChannels})
     */
    HttpResponse admit(ServiceRequestContext ctx, HttpRequest req, String rpc, Supplier<HttpResponse> reply)
            throws Exception;
}
