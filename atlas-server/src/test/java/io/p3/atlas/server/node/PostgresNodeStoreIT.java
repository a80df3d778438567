package io.p3.atlas.server.node;

import io.p3.atlas.server.testing.TestDatabase;

/** The node metrics contract on a real PostgreSQL server. */
class PostgresNodeStoreIT extends NodeStoreContract {
    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRES;
    }
}
