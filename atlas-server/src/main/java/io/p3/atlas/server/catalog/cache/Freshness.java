package io.p3.atlas.server.catalog.cache;

/**
 * How long a cached value stays valid: until its deadline (on the cache's ticker) and while no write
 * emptied the caches since it was loaded (its generation).
 */
public final class Freshness {
    private final CatalogCache cache;
    private final long generation;
    private final long deadline;

    Freshness(CatalogCache cache, long generation, long deadline) {
        this.cache = cache;
        this.generation = generation;
        this.deadline = deadline;
    }

    /** True until the deadline passes or the caches are emptied. */
    public boolean isFresh() {
        return cache.generation() == generation && cache.now() - deadline < 0;
    }

    long deadline() {
        return deadline;
    }

    /** The shorter of both: valid only while both are. */
    Freshness min(Freshness other) {
        if (other == null) {
            return this;
        }
        return new Freshness(cache, Math.min(generation, other.generation), deadline - other.deadline <= 0
                ? deadline : other.deadline);
    }
}
