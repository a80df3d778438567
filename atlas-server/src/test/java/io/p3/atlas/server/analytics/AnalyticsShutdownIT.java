package io.p3.atlas.server.analytics;

import static io.p3.atlas.server.analytics.AnalyticsTesting.WALLET;
import static io.p3.atlas.server.analytics.AnalyticsTesting.WALLET2;
import static io.p3.atlas.server.analytics.AnalyticsTesting.event;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.p3.atlas.server.AtlasServer;
import io.p3.atlas.server.config.AtlasConfig;
import io.p3.atlas.server.testing.TestDatabase;
import io.p3.atlas.v1.AnalyticsServiceGrpc;
import io.p3.atlas.v1.DailyEventStats;
import io.p3.atlas.v1.GetEventStatsRequest;
import io.p3.atlas.v1.IngestEventsRequest;
import java.sql.Connection;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Graceful shutdown writes every accepted event: ingest N with the writer held, stop, find N rows. */
class AnalyticsShutdownIT {
    static final int N = 250;

    @Test
    void gracefulShutdownFlushesEverythingAcceptedAndARestartSeesIt() throws Exception {
        String databaseUrl = TestDatabase.POSTGRES.newDatabaseUrl().orElseThrow();
        AtlasConfig config = AtlasConfig.fromEnv(Map.of("ATLAS_PORT", "0", "DATABASE_URL", databaseUrl,
                "ATLAS_DATA_DIR", TestDatabase.newTempDir("atlas-data-").toString(),
                "ATLAS_ANALYTICS_FLUSH_INTERVAL", "PT1H", "ATLAS_ANALYTICS_BATCH_SIZE", "1000"));

        AtlasServer first = AtlasServer.start(config);
        try {
            ManagedChannel ch = channel(first);
            try {
                var stub = AnalyticsServiceGrpc.newBlockingStub(ch).withDeadlineAfter(30, TimeUnit.SECONDS);
                for (int sent = 0; sent < N; sent += 50) {
                    IngestEventsRequest.Builder b = IngestEventsRequest.newBuilder();
                    for (int i = 0; i < 50; i++) {
                        b.addEvents(event("shutdown.test", i % 2 == 0 ? WALLET : WALLET2));
                    }
                    assertEquals(50, stub.ingestEvents(b.build()).getAcceptedCount());
                }
            } finally {
                ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
            try (Connection c = AnalyticsTesting.connect(databaseUrl)) {
                assertEquals(0, AnalyticsTesting.count(c, "SELECT COUNT(*) FROM analytics_events"),
                        "the writer is held by its one-hour interval: nothing is written before shutdown");
            }
            assertEquals((double) N, AnalyticsTesting.meter(first, "atlas.analytics.queue.depth"));
        } finally {
            first.close();
        }
        try (Connection c = AnalyticsTesting.connect(databaseUrl)) {
            assertEquals(N, AnalyticsTesting.count(c, "SELECT COUNT(*) FROM analytics_events"));
        }

        AtlasServer second = AtlasServer.start(config);
        try {
            ManagedChannel ch = channel(second);
            try {
                DailyEventStats s = AnalyticsServiceGrpc.newBlockingStub(ch).getEventStats(
                        GetEventStatsRequest.newBuilder().setName("shutdown.test").build()).getStats(0);
                assertEquals(N, s.getCount());
                assertEquals(2, s.getUniqueUsers());
            } finally {
                ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        } finally {
            second.close();
        }
    }

    static ManagedChannel channel(AtlasServer server) {
        return NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    }
}
