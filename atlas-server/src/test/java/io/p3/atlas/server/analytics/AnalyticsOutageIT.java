package io.p3.atlas.server.analytics;

import static io.p3.atlas.server.analytics.AnalyticsTesting.WALLET;
import static io.p3.atlas.server.analytics.AnalyticsTesting.event;
import static io.p3.atlas.server.analytics.AnalyticsTesting.request;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.p3.atlas.server.AtlasServer;
import io.p3.atlas.server.testing.AtlasServerExtension;
import io.p3.atlas.v1.AnalyticsServiceGrpc;
import io.p3.atlas.v1.GetEventStatsRequest;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real PostgreSQL stops taking the writes (the events table is renamed away and every connection
 * is killed): events stay queued and are retried with backoff; when the table is back the writer
 * recovers by itself, with nothing lost.
 */
class AnalyticsOutageIT {
    @RegisterExtension
    static AtlasServerExtension server = AtlasServerExtension.postgres()
            .env("ATLAS_ANALYTICS_FLUSH_INTERVAL", "PT0.01S")
            .env("ATLAS_ANALYTICS_RETRY_MAX_BACKOFF", "PT0.2S");

    @Test
    void eventsWaitOutAnOutageAndAreWrittenWhenTheDatabaseReturns() throws Exception {
        AtlasServer atlas = server.server();
        var grpc = AnalyticsServiceGrpc.newBlockingStub(server.channel()).withDeadlineAfter(30, TimeUnit.SECONDS);
        assertEquals(3, grpc.ingestEvents(request(event("outage.test", WALLET), event("outage.test", ""),
                event("outage.test", ""))).getAcceptedCount());
        AnalyticsTesting.awaitWritten(atlas);

        try (Connection admin = AnalyticsTesting.connect(server.databaseUrl().orElseThrow());
             Statement s = admin.createStatement()) {
            s.execute("ALTER TABLE analytics_events RENAME TO analytics_events_offline");
            s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    + " WHERE datname = current_database() AND pid <> pg_backend_pid()");
            double retriesBefore = AnalyticsTesting.meter(atlas, "atlas.analytics.write.retries");

            assertEquals(4, grpc.ingestEvents(request(event("outage.test", WALLET), event("outage.test", ""),
                    event("outage.test", ""), event("outage.test", ""))).getAcceptedCount());
            AnalyticsTesting.await("the writer has failed and retried twice",
                    () -> AnalyticsTesting.meter(atlas, "atlas.analytics.write.retries") >= retriesBefore + 2);
            assertEquals(4.0, AnalyticsTesting.meter(atlas, "atlas.analytics.queue.depth"), "still queued");

            s.execute("ALTER TABLE analytics_events_offline RENAME TO analytics_events");
        }
        AnalyticsTesting.awaitWritten(atlas);
        try (Connection c = AnalyticsTesting.connect(server.databaseUrl().orElseThrow())) {
            assertEquals(7, AnalyticsTesting.count(c, "SELECT COUNT(*) FROM analytics_events"));
        }
        assertEquals(7, grpc.getEventStats(GetEventStatsRequest.newBuilder().setName("outage.test").build())
                .getStats(0).getCount());
        assertEquals(0.0, AnalyticsTesting.meter(atlas, "atlas.analytics.dropped"));
    }
}
