package io.p3.atlas.server.content;

import io.p3.atlas.server.config.ConfigException;
import io.p3.atlas.server.config.EnvReader;
import java.time.Duration;

/**
 * Content delivery settings (the assets of atlas.v1.StreamService).
 *
 * @param maxAssetBytes     {@code ATLAS_MAX_ASSET_BYTES}: the largest asset accepted (upload or pull-through)
 * @param cacheMemoryBytes  {@code ATLAS_CACHE_MEMORY_BYTES}: the in-memory hot tier's capacity (0 turns it off)
 * @param blobSweepInterval {@code ATLAS_BLOB_SWEEP_INTERVAL}: how often unreferenced blobs are collected
 *                          (zero turns the sweep off)
 */
public record ContentConfig(long maxAssetBytes, long cacheMemoryBytes, Duration blobSweepInterval) {
    public static final long DEFAULT_MAX_ASSET_BYTES = 2L * 1024 * 1024 * 1024;
    public static final long DEFAULT_CACHE_MEMORY_BYTES = 256L * 1024 * 1024;
    public static final Duration DEFAULT_BLOB_SWEEP_INTERVAL = Duration.ofMinutes(15);

    public ContentConfig {
        if (maxAssetBytes <= 0) {
            throw new ConfigException("ATLAS_MAX_ASSET_BYTES must be positive, got " + maxAssetBytes);
        }
        if (cacheMemoryBytes < 0) {
            throw new ConfigException("ATLAS_CACHE_MEMORY_BYTES must not be negative, got " + cacheMemoryBytes);
        }
        if (blobSweepInterval.isNegative()) {
            throw new ConfigException("ATLAS_BLOB_SWEEP_INTERVAL must not be negative, got " + blobSweepInterval);
        }
    }

    /** With the default sweep interval. */
    public ContentConfig(long maxAssetBytes, long cacheMemoryBytes) {
        this(maxAssetBytes, cacheMemoryBytes, DEFAULT_BLOB_SWEEP_INTERVAL);
    }

    public static ContentConfig from(EnvReader env) {
        return new ContentConfig(env.longValue("ATLAS_MAX_ASSET_BYTES", DEFAULT_MAX_ASSET_BYTES),
                env.longValue("ATLAS_CACHE_MEMORY_BYTES", DEFAULT_CACHE_MEMORY_BYTES),
                env.duration("ATLAS_BLOB_SWEEP_INTERVAL", DEFAULT_BLOB_SWEEP_INTERVAL));
    }
}
