package io.p3.atlas.server.content;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.p3.atlas.server.blob.BlobStore;
import io.p3.atlas.server.blob.MissingBlobException;
import io.p3.atlas.server.error.AtlasException;
import io.p3.atlas.server.error.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The two tiers of fetched assets: a hot tier in memory (Caffeine, weighed by bytes, keyed by sha256) in
 * front of the blob store (files or S3). Blobs up to 1/16 of the memory capacity (and at most 16 MiB) are
 * promoted to memory when read from the store; larger ones are always streamed from it by ranges.
 */
public final class ContentSource {
    static final long MAX_MEMORY_ENTRY_BYTES = 16L * 1024 * 1024;

    /** Where an asset's bytes are right now. */
    public sealed interface Content permits InMemory, Stored {
        long size();
    }

    /** The whole asset in memory (small assets only). */
    public record InMemory(byte[] bytes) implements Content {
        @Override
        public long size() {
            return bytes.length;
        }
    }

    /** The asset's blob in the blob store, read by ranges. */
    public final class Stored implements Content {
        private final Asset asset;

        private Stored(Asset asset) {
            this.asset = asset;
        }

        @Override
        public long size() {
            return asset.size();
        }

        /**
         * Opens {@code length} bytes from {@code offset} (a ranged file read or GET); close it when done.
         * FAILED_PRECONDITION when the blob is missing from the store.
         */
        public InputStream open(long offset, long length) {
            return openBlob(asset, offset, length);
        }
    }

    private final BlobStore blobs;
    private final ContentMetrics metrics;
    private final Cache<String, byte[]> memory;
    private final long maxEntryBytes;

    public ContentSource(BlobStore blobs, long memoryBytes, ContentMetrics metrics, MeterRegistry meters) {
        this.blobs = blobs;
        this.metrics = metrics;
        this.maxEntryBytes = Math.min(memoryBytes / 16, MAX_MEMORY_ENTRY_BYTES);
        this.memory = Caffeine.newBuilder()
                .maximumWeight(memoryBytes)
                .weigher((String sha, byte[] bytes) -> bytes.length)
                .recordStats()
                .build();
        CaffeineCacheMetrics.monitor(meters, memory, "atlas.stream.memory.cache");
    }

    /** The bytes of a fetched asset: memory first, then the blob store. */
    Content open(Asset asset) {
        byte[] hot = memory.getIfPresent(asset.sha256());
        metrics.cache(ContentMetrics.Tier.MEMORY, hot != null);
        if (hot != null) {
            return new InMemory(hot);
        }
        if (asset.size() != null && asset.size() <= maxEntryBytes) {
            try (InputStream in = openBlob(asset, 0, asset.size())) {
                byte[] bytes = in.readAllBytes();
                memory.put(asset.sha256(), bytes);
                return new InMemory(bytes);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read blob " + asset.sha256(), e);
            }
        }
        return new Stored(asset);
    }

    private InputStream openBlob(Asset asset, long offset, long length) {
        try {
            InputStream in = blobs.openRange(asset.sha256(), offset, length);
            metrics.cache(ContentMetrics.Tier.DISK, true);
            return in;
        } catch (MissingBlobException e) {
            metrics.cache(ContentMetrics.Tier.DISK, false);
            throw new AtlasException(ErrorCode.FAILED_PRECONDITION, null, "the bytes of asset '" + asset.id()
                    + "' are missing from this server's blob store; upload it again", null, null);
        }
    }

    /** Forgets a blob (it is being deleted). */
    void invalidate(String sha256) {
        memory.invalidate(sha256);
    }
}
