package io.p3.atlas.server;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import org.junit.jupiter.api.Test;

/** The preload thread swallows a missing class, so a renamed one is caught here instead. */
class StartupPreloadTest {
    @Test
    void everyPreloadedClassExists() {
        for (String name : StartupPreload.CLASSES) {
            assertDoesNotThrow(() -> Class.forName(name, false, StartupPreload.class.getClassLoader()), name);
        }
    }
}
