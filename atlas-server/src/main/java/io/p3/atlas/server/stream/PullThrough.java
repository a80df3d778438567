package io.p3.atlas.server.stream;

import io.p3.atlas.server.blob.BlobStore;
import io.p3.atlas.server.blob.BlobWriter;
import io.p3.atlas.server.error.AtlasException;
import io.p3.atlas.server.error.ErrorCode;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;

/**
 * Fetches pull-through assets on first read, once: concurrent first reads of one asset share a single
 * upstream request (request coalescing, like nginx proxy_cache_lock). The body streams into a temp blob
 * while hashed; only a complete body is committed and recorded, so a failed fetch leaves nothing behind
 * and the next read tries again.
 */
public final class PullThrough {
    private final AssetStore store;
    private final BlobStore blobs;
    private final UpstreamDownload upstream;
    private final Executor executor;
    private final long maxBytes;
    private final StreamMetrics metrics;
    private final ConcurrentMap<String, CompletableFuture<Asset>> inFlight = new ConcurrentHashMap<>();

    public PullThrough(AssetStore store, BlobStore blobs, UpstreamDownload upstream, Executor executor,
                       long maxBytes, StreamMetrics metrics) {
        this.store = store;
        this.blobs = blobs;
        this.upstream = upstream;
        this.executor = executor;
        this.maxBytes = maxBytes;
        this.metrics = metrics;
    }

    /** The asset once its bytes are stored; joins the fetch under way for it, if any. */
    CompletableFuture<Asset> fetch(Asset asset) {
        CompletableFuture<Asset> mine = new CompletableFuture<>();
        CompletableFuture<Asset> running = inFlight.putIfAbsent(asset.id(), mine);
        metrics.cache(StreamMetrics.Tier.UPSTREAM, running != null);
        if (running != null) {
            return running;
        }
        try {
            executor.execute(() -> {
                try {
                    mine.complete(fetchNow(asset.id()));
                } catch (Throwable t) {
                    mine.completeExceptionally(t);
                } finally {
                    inFlight.remove(asset.id(), mine);
                }
            });
        } catch (RuntimeException e) {
            inFlight.remove(asset.id(), mine);
            mine.completeExceptionally(e);
        }
        return mine;
    }

    private Asset fetchNow(String id) {
        // Re-read: a fetch that finished just before this one started has recorded the bytes already.
        Asset asset = store.find(id).orElseThrow(() -> AssetService.notFound(id));
        if (asset.fetched()) {
            return asset;
        }
        String[] upstreamType = new String[1];
        BlobWriter.Finished finished;
        try (BlobWriter writer = blobs.newWriter()) {
            upstream.download(URI.create(asset.sourceUrl()), maxBytes, (contentType, body) -> {
                upstreamType[0] = contentType;
                writer.copyFrom(body, maxBytes, () -> {
                    throw new AtlasException(ErrorCode.FAILED_PRECONDITION, "source_url", "the upstream body of '"
                            + id + "' is larger than ATLAS_MAX_ASSET_BYTES (" + maxBytes + " bytes)", null, null);
                });
            });
            finished = writer.finish();
        }
        String contentType = !asset.contentType().isEmpty() ? asset.contentType()
                : upstreamType[0] != null && !upstreamType[0].isEmpty() ? upstreamType[0]
                : AssetRules.DEFAULT_CONTENT_TYPE;
        return blobs.locked(finished.sha256(), () -> {
            boolean created = blobs.commit(finished);
            if (store.markFetched(id, finished.sha256(), finished.size(), contentType)) {
                return asset.withContent(finished.sha256(), finished.size(), contentType);
            }
            // Deleted meanwhile, or recorded by another server instance.
            Asset now = store.find(id).orElse(null);
            if (created && store.countBySha256(finished.sha256()) == 0) {
                blobs.delete(finished.sha256());
            }
            if (now == null || !now.fetched()) {
                throw AssetService.notFound(id);
            }
            return now;
        });
    }
}
