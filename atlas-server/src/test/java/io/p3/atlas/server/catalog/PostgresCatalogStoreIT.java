package io.p3.atlas.server.catalog;

import io.p3.atlas.server.testing.TestDatabase;

/** The catalog contract on a real PostgreSQL server. */
class PostgresCatalogStoreIT extends CatalogStoreContract {
    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRES;
    }
}
