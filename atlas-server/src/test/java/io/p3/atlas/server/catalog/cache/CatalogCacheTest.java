package io.p3.atlas.server.catalog.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Freshness of cached and derived entries: the TTL bound and writes hold for what is built from them. */
class CatalogCacheTest {
    final AtomicLong nanos = new AtomicLong(1_000);
    final CatalogCache cache = new CatalogCache(Duration.ofSeconds(60), new SimpleMeterRegistry(), nanos::get);
    final AtomicInteger loads = new AtomicInteger();

    void advanceSeconds(long s) {
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(s));
    }

    Fresh<Integer> count() {
        return cache.fresh(CatalogCache.Area.COUNTS, "k", loads::incrementAndGet);
    }

    @Test
    void aValueIsLoadedOnceAndReloadedAfterTheTtl() {
        assertEquals(1, count().value());
        advanceSeconds(59);
        assertEquals(1, count().value());
        advanceSeconds(2);
        assertEquals(2, count().value());
    }

    @Test
    void aDerivedEntryExpiresWithWhatItWasBuiltFrom() {
        Fresh<Integer> source = count();
        advanceSeconds(40); // the source has 20 s left
        Fresh<String> page = cache.derived(CatalogCache.Area.CHANNELS, "page", () -> count().with("built"));
        assertTrue(page.freshness().isFresh());
        advanceSeconds(21);
        assertFalse(page.freshness().isFresh(), "outlived the count it holds");
        assertFalse(source.freshness().isFresh());
        assertEquals("rebuilt", cache.derived(CatalogCache.Area.CHANNELS, "page", () -> count().with("rebuilt"))
                .value());
        assertEquals(2, loads.get());
    }

    @Test
    void aWriteEndsTheFreshnessOfEverythingCachedBefore() {
        Fresh<Integer> before = count();
        cache.put(CatalogCache.Area.REPLIES, "reply", before.with("reply"));
        assertEquals("reply", cache.<String>ifFresh(CatalogCache.Area.REPLIES, "reply").value());

        cache.invalidateAll();
        assertFalse(before.freshness().isFresh());
        assertNull(cache.ifFresh(CatalogCache.Area.REPLIES, "reply"));
        cache.put(CatalogCache.Area.REPLIES, "reply", before.with("stale"));
        assertNull(cache.ifFresh(CatalogCache.Area.REPLIES, "reply"), "a value built before the write is dropped");
        assertEquals(2, count().value());
    }

    @Test
    void aValueLoadedWhileAWriteEmptiedTheCachesIsNotServed() {
        Fresh<String> first = cache.fresh(CatalogCache.Area.APPS, "app", () -> {
            if (loads.incrementAndGet() == 1) {
                cache.clearLocal(); // a write lands while this load reads the database
                return "old";
            }
            return "new";
        });
        assertEquals("new", first.value(), "loaded again after the write");
        assertTrue(first.freshness().isFresh());
    }
}
