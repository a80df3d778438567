package io.p3.atlas.server.stream;

import io.p3.atlas.server.testing.TestDatabase;

/** The asset contract on a real PostgreSQL server. */
class PostgresAssetStoreIT extends AssetStoreContract {
    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRES;
    }
}
