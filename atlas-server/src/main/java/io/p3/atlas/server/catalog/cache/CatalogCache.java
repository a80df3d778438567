package io.p3.atlas.server.catalog.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The catalog's read caches (the seed's CachedCatalog): one Caffeine cache per area, entries expire
 * {@code ttl} after they were loaded, and every write in this process empties them all. A write on
 * another server instance is seen here after {@code ttl} at most (sooner on PostgreSQL, see
 * {@link CacheInvalidation}). Hits, misses, sizes and
 * evictions are published as {@code cache_*{cache="atlas.catalog.<area>"}} meters.
 */
public final class CatalogCache {

    /** What is cached; each area is one cache. */
    public enum Area { CHANNELS, STREAMS, APPS, MANIFESTS }

    private final Map<Area, Cache<Object, Object>> caches = new EnumMap<>(Area.class);
    private volatile Runnable onWrite = () -> { };

    public CatalogCache(Duration ttl, MeterRegistry meters) {
        this(ttl, meters, Ticker.systemTicker());
    }

    /** With the time source entries expire by (tests pass their own). */
    public CatalogCache(Duration ttl, MeterRegistry meters, Ticker ticker) {
        for (Area area : Area.values()) {
            Cache<Object, Object> cache = Caffeine.newBuilder()
                    .expireAfterWrite(ttl)
                    .ticker(ticker)
                    .maximumSize(10_000)
                    .recordStats()
                    .build();
            CaffeineCacheMetrics.monitor(meters, cache, "atlas.catalog." + area.name().toLowerCase(Locale.ROOT));
            caches.put(area, cache);
        }
    }

    /**
     * The cached value for {@code key}, loading it with {@code loader} on a miss. The loader must not
     * return null (wrap absent values in {@link java.util.Optional}); if it throws, nothing is cached.
     */
    @SuppressWarnings("unchecked")
    public <T> T get(Area area, Object key, Supplier<T> loader) {
        return (T) caches.get(area).get(key, k -> loader.get());
    }

    /** Called after each committed write here: empties every area and tells the other instances. */
    public void invalidateAll() {
        clearLocal();
        onWrite.run();
    }

    /** Empties every area of this instance only (another instance wrote). */
    public void clearLocal() {
        caches.values().forEach(Cache::invalidateAll);
    }

    /** What else to do after a write here (e.g. notify other instances). */
    public void onWrite(Runnable action) {
        this.onWrite = action;
    }
}
