package io.p3.atlas.server.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.p3.atlas.server.persistence.DatabaseKind;
import io.p3.atlas.server.testing.TestDatabase;
import org.apache.ibatis.exceptions.PersistenceException;
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

    /** Database#readOnly runs a read-only transaction: a write through the wrong helper fails, changing nothing. */
    @Test
    void aWriteThroughTheReadOnlyHelperFails() {
        register("r1", "eu", 10);
        PersistenceException e = assertThrows(PersistenceException.class,
                () -> db.readOnly(RelayMapper.class, m -> m.delete("r1")));
        assertTrue(String.valueOf(e.getCause()).contains("read-only transaction"), String.valueOf(e.getCause()));
        assertEquals("r1", relays.get("r1").relay().id());
        assertEquals(1, db.readWrite(RelayMapper.class, m -> m.delete("r1")).size());
    }
}
