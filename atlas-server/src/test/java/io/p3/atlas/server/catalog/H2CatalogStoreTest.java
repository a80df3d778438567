package io.p3.atlas.server.catalog;

import io.p3.atlas.server.testing.TestDatabase;

/** The catalog contract on the embedded H2 default. */
class H2CatalogStoreTest extends CatalogStoreContract {
    @Override
    TestDatabase database() {
        return TestDatabase.H2;
    }
}
