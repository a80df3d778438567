package io.p3.atlas.server.content;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.p3.atlas.server.notify.Notifier;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fetched assets by id, so hot reads of {@code /content/{id}} skip the database. An id never changes its
 * bytes while it exists, but it can be deleted (and later reused): a deletion here empties the cache and
 * tells the other instances sharing the database ({@link #CHANNEL}), which empty theirs; a lost notification
 * is bounded by the TTL ({@code ATLAS_ASSET_CACHE_TTL}). Only fetched assets are kept (a
 * pull-through asset not fetched yet always goes to the database).
 */
final class FetchedAssetCache {
    static final String CHANNEL = "atlas_assets";
    private static final int MAX_ENTRIES = 100_000;

    private final Cache<String, Asset> cache;
    private final Notifier notifier;
    /** Bumped by every clear: a lookup that started before a clear never stores what it read. */
    private final AtomicLong generation = new AtomicLong();

    /** Listens on {@code notifier} for deletions on other instances at once. */
    FetchedAssetCache(Duration ttl, MeterRegistry meters, Notifier notifier) {
        this.notifier = notifier;
        this.cache = ttl.isZero() ? null : Caffeine.newBuilder()
                .maximumSize(MAX_ENTRIES)
                .expireAfterWrite(ttl)
                .recordStats()
                .build();
        if (cache != null) {
            CaffeineCacheMetrics.monitor(meters, cache, "atlas.content.asset.cache");
            notifier.subscribe(CHANNEL, new Notifier.Listener() {
                @Override
                public void onNotification(String payload) {
                    clear();
                }

                @Override
                public void onGap() {
                    clear();
                }
            });
        }
    }

    /** The cached fetched asset, or null. Never blocks. */
    Asset get(String id) {
        return cache == null ? null : cache.getIfPresent(id);
    }

    /** The current generation; pass it to {@link #put} with what was read after it. */
    long generation() {
        return generation.get();
    }

    /** Keeps {@code asset} when it is fetched and nothing changed since {@code readGeneration}. */
    void put(Asset asset, long readGeneration) {
        if (cache != null && asset.fetched()) {
            cache.put(asset.id(), asset);
            if (generation.get() != readGeneration) {
                cache.invalidate(asset.id()); // a change raced with the read: it may be stale
            }
        }
    }

    /** An asset was deleted here (after the commit): forgets everything, here and on the other instances. */
    void deleted() {
        clear();
        if (cache != null) {
            notifier.publish(CHANNEL, "deleted");
        }
    }

    private void clear() {
        generation.incrementAndGet();
        if (cache != null) {
            cache.invalidateAll();
        }
    }
}
