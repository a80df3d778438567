package io.p3.atlas.server.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.p3.atlas.server.persistence.DatabaseKind;
import io.p3.atlas.server.testing.TestDatabase;
import org.junit.jupiter.api.Test;

/** The catalog contract on a real PostgreSQL server. */
class PostgresCatalogStoreIT extends CatalogStoreContract {
    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRES;
    }

    @Test
    void runsOnRealPostgres() {
        assertEquals(DatabaseKind.POSTGRESQL, db.kind());
    }
}
