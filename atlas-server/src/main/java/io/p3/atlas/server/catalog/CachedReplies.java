package io.p3.atlas.server.catalog;

import com.linecorp.armeria.server.ServiceRequestContext;
import io.grpc.MethodDescriptor;
import io.grpc.stub.StreamObserver;
import io.p3.atlas.server.catalog.cache.CatalogCache;
import io.p3.atlas.server.catalog.cache.Fresh;
import io.p3.atlas.server.grpc.Replies;
import io.p3.atlas.server.grpc.TranscodedReplies;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Replies of catalog reads, cached whole (the built message, its serialized size memoized) per request
 * for as long as what they were built from. A hit is answered on the calling thread (the event loop: these
 * RPCs are not {@code @Blocking}) with no rebuilding; only a miss moves to the blocking executor, where the
 * domain services may reach the database. Each reply also tells {@link TranscodedReplies} how long its
 * HTTP/JSON rendering may be served again.
 */
final class CachedReplies {
    private final CatalogCache cache;

    CachedReplies(CatalogCache cache) {
        this.cache = cache;
    }

    /** Replies to {@code request} of {@code method} from the cache, or with what {@code work} builds (then cached). */
    <R> void reply(MethodDescriptor<?, R> method, Object request, StreamObserver<R> out, Supplier<Fresh<R>> work) {
        Fresh<R> hit = cache.ifFresh(CatalogCache.Area.REPLIES, request);
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
}
