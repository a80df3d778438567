package io.p3.atlas.server.node;

import io.p3.atlas.server.testing.TestDatabase;

/** The node metrics contract on the embedded H2 default. */
class H2NodeStoreTest extends NodeStoreContract {
    @Override
    TestDatabase database() {
        return TestDatabase.H2;
    }
}
