package io.p3.atlas.server.content;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.p3.atlas.server.persistence.DatabaseKind;
import io.p3.atlas.server.testing.TestDatabase;
import org.junit.jupiter.api.Test;

/** The asset and blob coordination contracts on the embedded H2 default. */
class H2AssetStoreTest extends BlobCoordinationContract {
    @Override
    TestDatabase database() {
        return TestDatabase.H2;
    }

    @Test
    void runsOnEmbeddedH2() {
        assertEquals(DatabaseKind.H2, db.kind());
    }
}
