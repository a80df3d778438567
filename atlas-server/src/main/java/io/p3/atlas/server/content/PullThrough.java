package io.p3.atlas.server.content;

import io.p3.atlas.server.blob.BlobStore;
import io.p3.atlas.server.blob.BlobWriter;
import io.p3.atlas.server.error.AtlasException;
import io.p3.atlas.server.error.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches pull-through assets on first read, once across every server instance on the database (request
 * coalescing, like nginx proxy_cache_lock): in this process, concurrent first reads of one asset share one
 * {@link Download}; across instances, the one holding the asset's fetch lease (a row naming the instance,
 * renewed while it runs, see {@link #renewLeases}) sends the one upstream request, and the others wait for
 * the committed bytes (polling the asset row) or take over a lease that was given up or expired. The body
 * streams into a temp blob while hashed; readers on the fetching instance may follow that file as it grows.
 * Only a complete body is committed and recorded, so a failed fetch leaves nothing behind and the next read
 * tries again.
 */
public final class PullThrough {
    /** How long a fetch lease holds unless renewed; a crashed instance's fetch is taken over after it. */
    static final Duration LEASE = Duration.ofSeconds(30);
    private static final long MAX_POLL_MILLIS = 500;
    private static final Logger log = LoggerFactory.getLogger(PullThrough.class);

    private final AssetStore store;
    private final BlobStore blobs;
    private final BlobReferences references;
    private final UpstreamDownload upstream;
    private final Executor executor;
    private final long maxBytes;
    private final ContentMetrics metrics;
    private final Clock clock;
    private final String instance = instanceName();
    private final ConcurrentMap<String, Download> inFlight = new ConcurrentHashMap<>();
    private final AtomicInteger leasesHeld = new AtomicInteger();

    PullThrough(AssetStore store, BlobStore blobs, BlobReferences references, UpstreamDownload upstream,
                Executor executor, long maxBytes, ContentMetrics metrics, Clock clock) {
        this.store = store;
        this.blobs = blobs;
        this.references = references;
        this.upstream = upstream;
        this.executor = executor;
        this.maxBytes = maxBytes;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** {@code pid@host/random}: names this instance in the fetch leases it holds. */
    private static String instanceName() {
        String name = ManagementFactory.getRuntimeMXBean().getName();
        String random = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        return (name.length() > 100 ? name.substring(0, 100) : name) + "/" + random;
    }

    /** The name this instance's fetch leases carry. */
    String instance() {
        return instance;
    }

    /**
     * One fetch under way: the temp file it writes, how much of it is written, and the outcome. The
     * temp file keeps its bytes for readers that opened it, even after it is renamed into the store. While
     * another instance fetches the asset there is no temp file here: {@link #started} completes with the
     * outcome, and readers answer from the stored asset.
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

        /**
         * Completes once the upstream answered and the body started to arrive here, or with the outcome (a
         * failure, or the bytes stored by another instance).
         */
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

        /** How many bytes of the body are in the temp file so far. */
        public synchronized long written() {
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
                    result = fetchOnce(asset.id(), mine);
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

    /**
     * Gets the asset's bytes stored: fetches them under this instance's lease, or waits while another
     * instance holds it, until they are recorded (by whoever fetched them).
     */
    private Asset fetchOnce(String id, Download download) throws InterruptedException {
        long pause = 20;
        while (true) {
            // Re-read: a fetch that finished meanwhile (here or elsewhere) has recorded the bytes already.
            Asset asset = store.find(id).orElseThrow(() -> AssetService.notFound(id));
            if (asset.fetched()) {
                return asset;
            }
            Instant now = clock.instant();
            if (store.claimFetch(id, instance, now, now.plus(LEASE))) {
                return fetchLeased(asset, download);
            }
            Thread.sleep(pause);
            pause = Math.min(pause * 2, MAX_POLL_MILLIS);
        }
    }

    /** Extends the leases of the fetches this instance runs; called every third of {@link #LEASE}. */
    void renewLeases() {
        if (leasesHeld.get() > 0) {
            store.renewFetches(instance, clock.instant().plus(LEASE));
        }
    }

    private Asset fetchLeased(Asset asset, Download download) {
        leasesHeld.incrementAndGet();
        boolean recorded = false;
        try {
            Asset stored = fetchNow(asset, download);
            recorded = true;
            return stored;
        } finally {
            leasesHeld.decrementAndGet();
            if (!recorded) {
                dropLease(asset.id());
            }
        }
    }

    /** After a failed fetch, so the next read (on any instance) tries again at once. */
    private void dropLease(String id) {
        try {
            store.dropFetch(id, instance);
        } catch (RuntimeException e) {
            log.warn("Cannot give up the fetch lease of asset '{}'; it expires within {}", id, LEASE, e);
        }
    }

    private Asset fetchNow(Asset asset, Download download) {
        String id = asset.id();
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
        AssetStore.Recorded recorded = references.commit(finished,
                new AssetStore.Fetched(id, finished.sha256(), finished.size(), contentType));
        if (recorded.outcome() == AssetStore.Outcome.BYTES_LOST) {
            throw AtlasException.unavailable("the bytes of '" + id + "' were deleted while being stored", null);
        }
        // RECORDED, or CONFLICT: deleted meanwhile, or recorded by another fetch (a lease taken over).
        Asset now = recorded.current();
        if (now == null || !now.fetched()) {
            throw AssetService.notFound(id);
        }
        return now;
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
