package io.p3.atlas.server.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.p3.atlas.server.persistence.DatabaseKind;
import io.p3.atlas.server.testing.TestDatabase;
import org.junit.jupiter.api.Test;

/** The relay registry contract on a real PostgreSQL server. */
class PostgresRelayStoreIT extends RelayStoreContract {
    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRES;
    }

    @Test
    void runsOnRealPostgres() {
        assertEquals(DatabaseKind.POSTGRESQL, db.kind());
    }
}
