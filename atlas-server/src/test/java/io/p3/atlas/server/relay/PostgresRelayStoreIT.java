package io.p3.atlas.server.relay;

import io.p3.atlas.server.testing.TestDatabase;

/** The relay registry contract on a real PostgreSQL server. */
class PostgresRelayStoreIT extends RelayStoreContract {
    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRES;
    }
}
