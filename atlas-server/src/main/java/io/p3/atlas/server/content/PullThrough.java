package io.p3.atlas.server.content;

import io.p3.atlas.server.blob.BlobStore;
import io.p3.atlas.server.blob.BlobWriter;
import io.p3.atlas.server.error.AtlasException;
import io.p3.atlas.server.error.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;

/**
 * Fetches pull-through assets on first read, once: concurrent first reads of one asset share a single
 * upstream request (request coalescing, like nginx proxy_cache_lock). The body streams into a temp blob
 * while hashed; readers may follow that file as it grows ({@link Download}). Only a complete body is
 * committed and recorded, so a failed fetch leaves nothing behind and the next read tries again.
 */
public final class PullThrough {
    private final AssetStore store;
    private final BlobStore blobs;
    private final UpstreamDownload upstream;
    private final Executor executor;
    private final long maxBytes;
    private final ContentMetrics metrics;
    private final ConcurrentMap<String, Download> inFlight = new ConcurrentHashMap<>();

    public PullThrough(AssetStore store, BlobStore blobs, UpstreamDownload upstream, Executor executor,
                       long maxBytes, ContentMetrics metrics) {
        this.store = store;
        this.blobs = blobs;
        this.upstream = upstream;
        this.executor = executor;
        this.maxBytes = maxBytes;
        this.metrics = metrics;
    }

    /**
     * One fetch under way: the temp file it writes, how much of it is written, and the outcome. The
     * temp file keeps its bytes for readers that opened it, even after it is renamed into the store.
     */
    public static final class Download {
        private final CompletableFuture<Asset> done = new CompletableFuture<>();
        private final CompletableFuture<Download> started = new CompletableFuture<>();
        private volatile Path tempFile;
        private volatile String contentType;
        private volatile long declaredLength = -1;
        private long written;

        /** Completes with the stored asset, or with the fetch's failure. */
        public CompletableFuture<Asset> done() {
            return done;
        }

        /** Completes once the upstream answered and the body started to arrive (or with the failure). */
        public CompletableFuture<Download> started() {
            return started;
        }

        public Path tempFile() {
            return tempFile;
        }

        /** The upstream Content-Type (may be null). */
        public String contentType() {
            return contentType;
        }

        /** The upstream Content-Length, or -1. */
        public long declaredLength() {
            return declaredLength;
        }

        /**
         * Opens the temp file for following the download, or returns null when it is gone or the fetch is
         * over (renamed into the store or discarded: the caller answers from the outcome). An open file keeps
         * its bytes even after it is renamed or deleted.
         */
        public FileChannel openToFollow() {
            if (tempFile == null || done.isDone()) {
                return null;
            }
            try {
                return FileChannel.open(tempFile, StandardOpenOption.READ);
            } catch (IOException e) {
                return null;
            }
        }

        /** Reads {@code n} bytes at {@code position} of the followed file; they must be written already. */
        public static ByteBuffer readWritten(FileChannel channel, long position, int n) throws IOException {
            ByteBuffer buf = ByteBuffer.allocate(n);
            while (buf.hasRemaining()) {
                if (channel.read(buf, position + buf.position()) < 0) {
                    throw new IOException("the download's temp file is shorter than the bytes counted");
                }
            }
            return buf.flip();
        }

        /**
         * Blocks until more than {@code position} bytes are written or the fetch is over; returns how many
         * bytes are written now.
         */
        public synchronized long awaitBeyond(long position) throws InterruptedException {
            while (written <= position && !done.isDone()) {
                wait(1000);
            }
            return written;
        }

        private synchronized void progressed(long n) {
            written += n;
            notifyAll();
        }

        private synchronized void finish(Asset asset, Throwable error) {
            if (error != null) {
                started.completeExceptionally(error);
                done.completeExceptionally(error);
            } else {
                started.complete(this);
                done.complete(asset);
            }
            notifyAll();
        }
    }

    /** The fetch of this (not yet fetched) asset: the one under way, or a new one. */
    Download download(Asset asset) {
        Download mine = new Download();
        Download running = inFlight.putIfAbsent(asset.id(), mine);
        metrics.cache(ContentMetrics.Tier.UPSTREAM, running != null);
        if (running != null) {
            return running;
        }
        try {
            executor.execute(() -> {
                Asset result = null;
                Throwable error = null;
                try {
                    result = fetchNow(asset.id(), mine);
                } catch (Throwable t) {
                    error = t;
                } finally {
                    inFlight.remove(asset.id(), mine);
                }
                mine.finish(result, error);
            });
        } catch (RuntimeException e) {
            inFlight.remove(asset.id(), mine);
            mine.finish(null, e);
        }
        return mine;
    }

    private Asset fetchNow(String id, Download download) {
        // Re-read: a fetch that finished just before this one started has recorded the bytes already.
        Asset asset = store.find(id).orElseThrow(() -> AssetService.notFound(id));
        if (asset.fetched()) {
            return asset;
        }
        BlobWriter.Finished finished;
        try (BlobWriter writer = blobs.newWriter()) {
            upstream.download(URI.create(asset.sourceUrl()), maxBytes, (contentType, length, body) -> {
                download.contentType = contentType;
                download.declaredLength = length;
                download.tempFile = writer.tempFile();
                download.started.complete(download);
                copy(id, body, writer, download);
            });
            finished = writer.finish();
        }
        String contentType = !asset.contentType().isEmpty() ? asset.contentType()
                : download.contentType != null && !download.contentType.isEmpty() ? download.contentType
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

    private void copy(String id, InputStream body, BlobWriter writer, Download download) throws IOException {
        byte[] buf = new byte[64 * 1024];
        for (int n; (n = body.read(buf)) != -1; ) {
            if (writer.size() + n > maxBytes) {
                throw new AtlasException(ErrorCode.FAILED_PRECONDITION, "source_url", "the upstream body of '"
                        + id + "' is larger than ATLAS_MAX_ASSET_BYTES (" + maxBytes + " bytes)", null, null);
            }
            writer.write(buf, 0, n);
            download.progressed(n);
        }
    }
}
