package io.p3.atlas.server.console;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import org.junit.jupiter.api.Test;

class ConsoleRoutesTest {
    @Test
    void bindsTheConsoleWhenTheBuildPackagedIt() {
        ServerBuilder sb = Server.builder();
        assertTrue(ConsoleRoutes.addTo(sb), "atlas-console's jar is on the classpath with atlas/console/index.html");
    }

    @Test
    void withoutTheConsoleOnTheClasspathBindsNothing() {
        ClassLoader empty = new ClassLoader(null) {
        };
        assertFalse(ConsoleRoutes.addTo(Server.builder(), empty));
    }
}
