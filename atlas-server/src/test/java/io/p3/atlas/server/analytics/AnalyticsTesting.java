package io.p3.atlas.server.analytics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.p3.atlas.server.AtlasServer;
import io.p3.atlas.server.persistence.DatabaseUrl;
import io.p3.atlas.v1.Event;
import io.p3.atlas.v1.IngestEventsRequest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.DoubleSupplier;

/** Helpers shared by the analytics transport tests. */
final class AnalyticsTesting {
    static final String WALLET = "0x52908400098527886E0F7030069857D2E4169EE7";
    static final String WALLET2 = "0x000000000000000000000000000000000000dEaD";

    private AnalyticsTesting() {
    }

    static Event event(String name, String wallet) {
        return Event.newBuilder().setName(name).setWalletAddress(wallet).setStreamId("s1").build();
    }

    static IngestEventsRequest request(Event... events) {
        return IngestEventsRequest.newBuilder().addAllEvents(java.util.List.of(events)).build();
    }

    static double meter(AtlasServer server, String name) {
        var m = server.meters().find(name).meter();
        assertTrue(m != null, "no meter " + name);
        return m.measure().iterator().next().getValue();
    }

    /** Waits (up to 60 s) until {@code condition} holds; a wait, not a timing assertion. */
    static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
            Thread.sleep(20);
        }
    }

    /** Waits until every accepted event is committed. */
    static void awaitWritten(AtlasServer server) throws InterruptedException {
        DoubleSupplier depth = () -> meter(server, "atlas.analytics.queue.depth");
        await("the analytics queue is empty", () -> depth.getAsDouble() == 0);
    }

    static Connection connect(String databaseUrl) throws SQLException {
        DatabaseUrl url = DatabaseUrl.parse(databaseUrl);
        return DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
    }

    static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
