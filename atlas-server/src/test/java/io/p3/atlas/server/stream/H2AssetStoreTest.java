package io.p3.atlas.server.stream;

import io.p3.atlas.server.testing.TestDatabase;

/** The asset contract on the embedded H2 default. */
class H2AssetStoreTest extends AssetStoreContract {
    @Override
    TestDatabase database() {
        return TestDatabase.H2;
    }
}
