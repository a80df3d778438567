package io.p3.atlas.server.content;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.p3.atlas.server.persistence.DatabaseKind;
import io.p3.atlas.server.testing.TestDatabase;
import org.junit.jupiter.api.Test;

/** The asset and blob coordination contracts on a real PostgreSQL server. */
class PostgresAssetStoreIT extends BlobCoordinationContract {
    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRES;
    }

    @Test
    void runsOnRealPostgres() {
        assertEquals(DatabaseKind.POSTGRESQL, db.kind());
    }
}
