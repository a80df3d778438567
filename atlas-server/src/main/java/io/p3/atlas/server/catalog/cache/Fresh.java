package io.p3.atlas.server.catalog.cache;

/** A value read through the {@link CatalogCache} and how long it stays valid. */
public record Fresh<T>(T value, Freshness freshness) {

    /** {@code other} with the freshness of this value (it was built from it). */
    public <R> Fresh<R> with(R other) {
        return new Fresh<>(other, freshness);
    }
}
