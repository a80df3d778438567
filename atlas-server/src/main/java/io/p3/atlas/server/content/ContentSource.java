package io.p3.atlas.server.content;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.p3.atlas.server.blob.BlobStore;
import io.p3.atlas.server.error.AtlasException;
import io.p3.atlas.server.error.ErrorCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The two local tiers of fetched assets: a hot tier in memory (Caffeine, weighed by bytes, keyed by
 * sha256) in front of the blob files on disk. Blobs up to 1/16 of the memory capacity (and at most
 * 16 MiB) are promoted to memory when read from disk; larger ones are always streamed from their file.
 */
public final class ContentSource {
    static final long MAX_MEMORY_ENTRY_BYTES = 16L * 1024 * 1024;

    /** Where an asset's bytes are right now. */
    public sealed interface Content permits InMemory, OnDisk {
        long size();
    }

    /** The whole asset in memory (small assets only). */
    public record InMemory(byte[] bytes) implements Content {
        @Override
        public long size() {
            return bytes.length;
        }
    }

    /** The asset's blob file. */
    public record OnDisk(Path path, long size) implements Content {
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

    /** The bytes of a fetched asset: memory first, then disk. */
    Content open(Asset asset) {
        byte[] hot = memory.getIfPresent(asset.sha256());
        metrics.cache(ContentMetrics.Tier.MEMORY, hot != null);
        if (hot != null) {
            return new InMemory(hot);
        }
        Path path = blobs.path(asset.sha256());
        if (!Files.isRegularFile(path)) {
            metrics.cache(ContentMetrics.Tier.DISK, false);
            throw new AtlasException(ErrorCode.FAILED_PRECONDITION, null, "the bytes of asset '" + asset.id()
                    + "' are missing from this server's blob store; upload it again", null, null);
        }
        metrics.cache(ContentMetrics.Tier.DISK, true);
        if (asset.size() != null && asset.size() <= maxEntryBytes) {
            try {
                byte[] bytes = Files.readAllBytes(path);
                memory.put(asset.sha256(), bytes);
                return new InMemory(bytes);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read blob " + asset.sha256(), e);
            }
        }
        return new OnDisk(path, asset.size());
    }

    /** Forgets a blob (it is being deleted). */
    void invalidate(String sha256) {
        memory.invalidate(sha256);
    }
}
