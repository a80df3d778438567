package io.p3.atlas.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.linecorp.armeria.common.Flags;
import org.junit.jupiter.api.Test;

/** Armeria finds {@link ArmeriaFlags} (ServiceLoader) and keeps no per-path route caches. */
class ArmeriaFlagsTest {
    @Test
    void perPathCachesAreOff() {
        assertNull(Flags.routeCacheSpec(), "route cache");
        assertNull(Flags.routeDecoratorCacheSpec(), "route decorator cache");
        assertNull(Flags.parsedPathCacheSpec(), "parsed path cache");
        assertEquals("maximumSize=4096", Flags.headerValueCacheSpec(), "other defaults stay Armeria's");
    }
}
