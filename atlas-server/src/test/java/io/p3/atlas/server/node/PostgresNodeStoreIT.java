package io.p3.atlas.server.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.p3.atlas.server.persistence.DatabaseKind;
import io.p3.atlas.server.testing.TestDatabase;
import org.junit.jupiter.api.Test;

/** The node metrics contract on a real PostgreSQL server. */
class PostgresNodeStoreIT extends NodeStoreContract {
    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRES;
    }

    @Test
    void runsOnRealPostgres() {
        assertEquals(DatabaseKind.POSTGRESQL, db.kind());
    }
}
