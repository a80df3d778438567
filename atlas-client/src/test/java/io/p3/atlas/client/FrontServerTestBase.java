package io.p3.atlas.client;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** {@link RealServerTestBase} with a fresh {@link FrontServer} in front of the real server for each test. */
abstract class FrontServerTestBase extends RealServerTestBase {
    FrontServer front;

    @BeforeEach
    void startFront() throws Exception {
        front = FrontServer.start(ATLAS.port());
    }

    @AfterEach
    void stopFront() throws Exception {
        front.close();
    }
}
