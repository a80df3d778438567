package io.p3.atlas.server;

import com.linecorp.armeria.common.FlagsProvider;

/**
 * Armeria defaults Atlas changes (found by {@code ServiceLoader}; a {@code -Dcom.linecorp.armeria.*} system
 * property still wins, its provider ranks higher).
 *
 * <p>Armeria caches each request path's route and parsed form (4 096 paths each). Atlas's write paths name a
 * wallet or asset ({@code /v1/nodes/{wallet}:trackContentServed}), so under load from many nodes nearly every
 * request missed and inserted: about a tenth of the server's CPU on the node-write benchmark went to those
 * inserts and the cache maintenance they scheduled on the common pool. Atlas has a few dozen routes, which the
 * router matches directly without a cache for less than an insert costs.
 */
public final class ArmeriaFlags implements FlagsProvider {
    private static final String OFF = "off";

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public String name() {
        return "atlas";
    }

    @Override
    public String routeCacheSpec() {
        return OFF;
    }

    @Override
    public String routeDecoratorCacheSpec() {
        return OFF;
    }

    @Override
    public String parsedPathCacheSpec() {
        return OFF;
    }
}
