package io.p3.atlas.server.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.p3.atlas.server.error.AtlasException;
import org.junit.jupiter.api.Test;

class LeaderboardOrderTest {
    @Test
    void parsesBothOrdersLeniently() {
        assertEquals(LeaderboardOrder.BYTES_SERVED, LeaderboardOrder.parse(""));
        assertEquals(LeaderboardOrder.BYTES_SERVED, LeaderboardOrder.parse("bytes_served desc"));
        assertEquals(LeaderboardOrder.UPTIME, LeaderboardOrder.parse("  UPTIME_MS   DESC "));
    }

    @Test
    void rejectsAnythingElse() {
        AtlasException e = assertThrows(AtlasException.class, () -> LeaderboardOrder.parse("wallet_address; drop"));
        assertEquals("order_by", e.field());
        assertThrows(AtlasException.class, () -> LeaderboardOrder.parse("bytes_served asc"));
    }
}
