package io.p3.atlas.server.catalog.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import com.google.protobuf.MessageLite;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The catalog's read caches (the seed's CachedCatalog): one Caffeine cache per area, entries expire
 * {@code ttl} after they were loaded, and every write in this process empties them all. A write on
 * another server instance is seen here after {@code ttl} at most (sooner on PostgreSQL, see
 * {@link CacheInvalidation}). Hits, misses, sizes and
 * evictions are published as {@code cache_*{cache="atlas.catalog.<area>"}} meters.
 *
 * <p>What is built from cached values (a page from a cached count, a reply from a cached page) is cached
 * with the {@link Freshness} of what it was built from, so it never outlives it: the TTL bound holds for
 * derived entries too. Each clear starts a new generation; an entry loaded in an older one is never served.
 */
public final class CatalogCache {

    /** What is cached; each area is one cache. */
    public enum Area {
        CHANNELS, STREAMS, APPS, MANIFESTS,
        /** Match counts per filter, shared by every page of a listing. */
        COUNTS,
        /** Replies built from the other areas (protobuf messages), bounded by their serialized size. */
        REPLIES
    }

    /** Serialized bytes the {@link Area#REPLIES} area holds at most. */
    static final long MAX_REPLY_BYTES = 64L << 20;

    private record Entry(Object value, Freshness freshness) {
    }

    private final Map<Area, Cache<Object, Entry>> caches = new EnumMap<>(Area.class);
    private final Ticker ticker;
    private final long ttlNanos;
    private final AtomicLong generation = new AtomicLong();
    private volatile Runnable onWrite = () -> { };

    public CatalogCache(Duration ttl, MeterRegistry meters) {
        this(ttl, meters, Ticker.systemTicker());
    }

    /** With the time source entries expire by (tests pass their own). */
    public CatalogCache(Duration ttl, MeterRegistry meters, Ticker ticker) {
        this.ticker = ticker;
        this.ttlNanos = ttl.toNanos();
        for (Area area : Area.values()) {
            Caffeine<Object, Object> builder = Caffeine.newBuilder().ticker(ticker).recordStats();
            if (area == Area.REPLIES) {
                builder.maximumWeight(MAX_REPLY_BYTES).weigher((Object k, Object e) -> weight((Entry) e));
            } else {
                builder.maximumSize(10_000);
            }
            Cache<Object, Entry> cache = builder.expireAfter(untilDeadline()).build();
            CaffeineCacheMetrics.monitor(meters, cache, "atlas.catalog." + area.name().toLowerCase(Locale.ROOT));
            caches.put(area, cache);
        }
    }

    private static int weight(Entry e) {
        return e.value() instanceof MessageLite m ? Math.max(1, m.getSerializedSize()) : 1;
    }

    private Expiry<Object, Entry> untilDeadline() {
        return new Expiry<>() {
            @Override
            public long expireAfterCreate(Object key, Entry e, long now) {
                return Math.max(0, e.freshness().deadline() - now);
            }

            @Override
            public long expireAfterUpdate(Object key, Entry e, long now, long currentDuration) {
                return expireAfterCreate(key, e, now);
            }

            @Override
            public long expireAfterRead(Object key, Entry e, long now, long currentDuration) {
                return currentDuration;
            }
        };
    }

    /**
     * The cached value for {@code key}, loading it with {@code loader} on a miss. The loader must not
     * return null (wrap absent values in {@link java.util.Optional}); if it throws, nothing is cached.
     */
    public <T> T get(Area area, Object key, Supplier<T> loader) {
        return fresh(area, key, loader).value();
    }

    /** As {@link #get}, with how long the value stays valid. */
    public <T> Fresh<T> fresh(Area area, Object key, Supplier<T> loader) {
        return derived(area, key, () -> new Fresh<>(loader.get(), null));
    }

    /**
     * As {@link #fresh}, for a value built from other cached values: {@code loader} returns it with the
     * freshness of what it used, and the entry expires no later than that.
     */
    @SuppressWarnings("unchecked")
    public <T> Fresh<T> derived(Area area, Object key, Supplier<Fresh<T>> loader) {
        Cache<Object, Entry> cache = caches.get(area);
        for (int attempt = 0; ; attempt++) {
            Entry e = cache.get(key, k -> load(loader));
            if (e.freshness().isFresh() || attempt > 0) {
                return new Fresh<>((T) e.value(), e.freshness());
            }
            // Loaded while a write emptied the caches: never serve it, load again.
            cache.asMap().remove(key, e);
        }
    }

    private <T> Entry load(Supplier<Fresh<T>> loader) {
        Freshness own = new Freshness(this, generation.get(), ticker.read() + ttlNanos);
        Fresh<T> loaded = loader.get();
        return new Entry(loaded.value(), own.min(loaded.freshness()));
    }

    /** The cached value for {@code key} if there is one still fresh, else null. Never loads. */
    @SuppressWarnings("unchecked")
    public <T> Fresh<T> ifFresh(Area area, Object key) {
        Entry e = caches.get(area).getIfPresent(key);
        return e != null && e.freshness().isFresh() ? new Fresh<>((T) e.value(), e.freshness()) : null;
    }

    /** Caches {@code value} under {@code key} until its freshness ends; a value already stale is dropped. */
    public void put(Area area, Object key, Fresh<?> value) {
        if (value.freshness() != null && value.freshness().isFresh()) {
            caches.get(area).put(key, new Entry(value.value(), value.freshness()));
        }
    }

    /** Called after each committed write here: empties every area and tells the other instances. */
    public void invalidateAll() {
        clearLocal();
        onWrite.run();
    }

    /** Empties every area of this instance only (another instance wrote). */
    public void clearLocal() {
        generation.incrementAndGet();
        caches.values().forEach(Cache::invalidateAll);
    }

    /** What else to do after a write here (e.g. notify other instances). */
    public void onWrite(Runnable action) {
        this.onWrite = action;
    }

    long generation() {
        return generation.get();
    }

    long now() {
        return ticker.read();
    }
}
