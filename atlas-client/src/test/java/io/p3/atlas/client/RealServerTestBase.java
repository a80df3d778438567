package io.p3.atlas.client;

import io.p3.atlas.server.testing.AtlasServerExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real server (embedded H2, port 0, a fresh database per test class) and an SDK client connected to
 * it with the default options.
 */
abstract class RealServerTestBase {
    @RegisterExtension
    static final AtlasServerExtension ATLAS = AtlasServerExtension.h2();

    static AtlasClient atlas;

    @BeforeAll
    static void connect() {
        atlas = AtlasClient.connect(target());
    }

    @AfterAll
    static void disconnect() {
        atlas.close();
    }

    /** {@code 127.0.0.1:port} of the real server. */
    static String target() {
        return "127.0.0.1:" + ATLAS.port();
    }
}
