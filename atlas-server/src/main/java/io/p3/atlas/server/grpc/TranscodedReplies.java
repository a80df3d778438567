package io.p3.atlas.server.grpc;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.grpc.MethodDescriptor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.netty.util.AsciiString;
import io.netty.util.AttributeKey;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * A cache of rendered HTTP/JSON replies in front of the transcoder. RPCs opt in per reply with
 * {@link #declare}: "this reply stays valid while {@code stillValid} says so" (e.g. while the cache entry
 * it came from is fresh). A {@code GET} whose reply was declared is answered again, while valid, with the
 * very status, headers and body bytes the transcoder produced, without transcoding, parsing or
 * rendering; the {@link ReplyGate} still checks every such request as the gRPC service's interceptors would. Anything else passes through untouched:
 * other methods, requests with a body, replies not declared, not 200, or larger than {@link #MAX_REPLY_BYTES}.
 * Keys are the request's path with its query string as sent; the same query spelled differently is simply
 * another entry.
 */
public final class TranscodedReplies implements DecoratingHttpServiceFunction {
    /** One rendered reply is cached only up to this size. */
    static final int MAX_REPLY_BYTES = 1 << 20;
    private static final AsciiString GRPC_STATUS = HttpHeaderNames.of("grpc-status");
    private static final AttributeKey<Declared> DECLARED =
            AttributeKey.valueOf(TranscodedReplies.class, "DECLARED");
    private static final AttributeKey<Boolean> CACHEABLE =
            AttributeKey.valueOf(TranscodedReplies.class, "CACHEABLE");

    private record Declared(MethodDescriptor<?, ?> method, BooleanSupplier valid) {
    }

    private record Stored(ResponseHeaders headers, byte[] body, HttpHeaders trailers, MethodDescriptor<?, ?> method,
                          BooleanSupplier valid) {
        HttpResponse toResponse() {
            HttpData content = HttpData.wrap(body);
            return trailers.isEmpty() ? HttpResponse.of(headers, content) : HttpResponse.of(headers, content, trailers);
        }
    }

    private final Cache<String, Stored> cache;
    private final ReplyGate gate;

    /**
     * At most {@code maxBytes} of rendered replies; hits pass {@code gate}. Hits and misses are published as
     * {@code cache_*{cache="atlas.http.replies"}} meters.
     */
    public TranscodedReplies(long maxBytes, ReplyGate gate, MeterRegistry meters) {
        this.cache = Caffeine.newBuilder()
                .recordStats()
                .maximumWeight(maxBytes)
                .weigher((String k, Stored s) -> k.length() + s.body().length + 256)
                // Validity is checked on every hit; this only drops entries nobody asks for anymore.
                .expireAfterAccess(Duration.ofHours(1))
                .build();
        CaffeineCacheMetrics.monitor(meters, cache, "atlas.http.replies");
        this.gate = gate;
    }

    /**
     * Called by {@code method} while it replies (on the request's context): its HTTP/JSON rendering may be
     * served again while {@code stillValid} returns true. Without a current request context, nothing happens.
     */
    public static void declare(MethodDescriptor<?, ?> method, BooleanSupplier stillValid) {
        ServiceRequestContext ctx = ServiceRequestContext.currentOrNull();
        if (ctx != null && ctx.hasAttr(CACHEABLE)) {
            ctx.setAttr(DECLARED, new Declared(method, stillValid));
        }
    }

    @Override
    public HttpResponse serve(HttpService delegate, ServiceRequestContext ctx, HttpRequest req) throws Exception {
        if (req.method() != HttpMethod.GET || req.headers().contentLength() > 0) {
            return delegate.serve(ctx, req);
        }
        String key = req.path();
        Stored hit = cache.getIfPresent(key);
        if (hit != null && !hit.valid().getAsBoolean()) {
            cache.asMap().remove(key, hit);
            hit = null;
        }
        if (hit == null) {
            return serveAndStore(delegate, ctx, req, key);
        }
        CompletableFuture<Boolean> admitted = gate.admit(ctx, req, hit.method()).toCompletableFuture();
        if (admitted.isDone() && !admitted.isCompletedExceptionally()) {
            return admitted.join() ? hit.toResponse() : serveAndStore(delegate, ctx, req, key);
        }
        Stored cached = hit;
        return HttpResponse.of(admitted.handleAsync((ok, error) -> {
            try {
                return error == null && ok ? cached.toResponse() : serveAndStore(delegate, ctx, req, key);
            } catch (Exception e) {
                return HttpResponse.ofFailure(e);
            }
        }, ctx.eventLoop()));
    }

    private HttpResponse serveAndStore(HttpService delegate, ServiceRequestContext ctx, HttpRequest req, String key)
            throws Exception {
        ctx.setAttr(CACHEABLE, Boolean.TRUE);
        HttpResponse res = delegate.serve(ctx, req);
        return HttpResponse.of(res.aggregate().thenApply(reply -> {
            store(key, ctx, reply);
            return reply.toHttpResponse();
        }));
    }

    private void store(String key, ServiceRequestContext ctx, AggregatedHttpResponse reply) {
        Declared declared = ctx.attr(DECLARED);
        if (declared == null || reply.status() != HttpStatus.OK || reply.content().length() > MAX_REPLY_BYTES
                || !"0".equals(reply.headers().get(GRPC_STATUS, "0")) || !declared.valid().getAsBoolean()) {
            return;
        }
        cache.put(key, new Stored(reply.headers(), reply.content().array(), reply.trailers(), declared.method(),
                declared.valid()));
    }
}
