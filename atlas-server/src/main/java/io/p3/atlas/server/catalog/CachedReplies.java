package io.p3.atlas.server.catalog;

import com.linecorp.armeria.server.ServiceRequestContext;
import io.grpc.MethodDescriptor;
import io.grpc.stub.StreamObserver;
import io.p3.atlas.server.catalog.cache.CatalogCache;
import io.p3.atlas.server.catalog.cache.Fresh;
import io.p3.atlas.server.grpc.Replies;
import io.p3.atlas.server.grpc.TranscodedReplies;
import io.p3.atlas.server.grpc.WireTwins;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Replies of catalog reads, cached whole (the built message, its serialized size memoized) per request
 * for as long as what they were built from. A hit is answered on the calling thread (the event loop: these
 * RPCs are not {@code @Blocking}) with no rebuilding; only a miss moves to the blocking executor, where the
 * domain services may reach the database. Each reply also tells {@link TranscodedReplies} how long its
 * HTTP/JSON rendering may be served again. Calls answered in protobuf binary (gRPC, gRPC-Web) get the
 * reply's {@link WireTwins wire twin}: the same bytes, written without serializing every field again.
 */
final class CachedReplies {
    private final CatalogCache cache;

    CachedReplies(CatalogCache cache) {
        this.cache = cache;
    }

    /** Replies to {@code request} of {@code method} from the cache, or with what {@code work} builds (then cached). */
    <R> void reply(MethodDescriptor<?, R> method, Object request, StreamObserver<R> out, Supplier<Fresh<R>> work) {
        Fresh<R> hit = WireTwins.protoWire() ? twin(request) : cache.ifFresh(CatalogCache.Area.REPLIES, request);
        if (hit != null) {
            TranscodedReplies.declare(method, hit.freshness()::isFresh);
            out.onNext(hit.value());
            out.onCompleted();
            return;
        }
        ServiceRequestContext ctx = ServiceRequestContext.currentOrNull();
        Executor blocking = ctx == null ? Runnable::run : ctx.blockingTaskExecutor();
        blocking.execute(() -> Replies.reply(out, () -> {
            Fresh<R> built = work.get();
            cache.put(CatalogCache.Area.REPLIES, request, built);
            TranscodedReplies.declare(method, built.freshness()::isFresh);
            return built.value();
        }));
    }

    /**
     * The cached reply to {@code request} as its {@link WireTwins wire twin}, for calls answered in protobuf
     * binary: made from the cached reply on its first such hit and cached beside it, with its freshness.
     */
    private <R> Fresh<R> twin(Object request) {
        TwinOf key = new TwinOf(request);
        Fresh<R> twin = cache.ifFresh(CatalogCache.Area.REPLIES, key);
        if (twin != null) {
            return twin;
        }
        Fresh<R> hit = cache.ifFresh(CatalogCache.Area.REPLIES, request);
        if (hit == null) {
            return null;
        }
        twin = hit.with(WireTwins.of(hit.value()));
        cache.put(CatalogCache.Area.REPLIES, key, twin);
        return twin;
    }

    /** The cache key of a reply's wire twin. */
    private record TwinOf(Object request) {
    }
}
