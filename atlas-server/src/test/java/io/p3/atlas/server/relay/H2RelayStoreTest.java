package io.p3.atlas.server.relay;

import io.p3.atlas.server.testing.TestDatabase;

/** The relay registry contract on the embedded H2 default. */
class H2RelayStoreTest extends RelayStoreContract {
    @Override
    TestDatabase database() {
        return TestDatabase.H2;
    }
}
