package io.p3.atlas.server.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.grpc.GrpcSerializationFormats;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.p3.atlas.server.testing.AtlasServerExtension;
import io.p3.atlas.server.testing.EmbeddedPostgres;
import io.p3.atlas.server.testing.StatusDetails;
import io.p3.atlas.v1.AnalyticsServiceGrpc;
import io.p3.atlas.v1.Event;
import io.p3.atlas.v1.GetEventStatsRequest;
import io.p3.atlas.v1.GetNodeRequest;
import io.p3.atlas.v1.IngestEventsRequest;
import io.p3.atlas.v1.NodeServiceGrpc;
import io.p3.atlas.v1.NodeServiceGrpc.NodeServiceBlockingStub;
import io.p3.atlas.v1.TrackContentServedRequest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * PostgreSQL stopped under a running server ({@code pg_ctl stop -m fast} on a server of this test's own):
 * every transport (gRPC, gRPC-Web, HTTP/JSON, unframed JSON, /content) fails within seconds with UNAVAILABLE / 503 + Retry-After (RetryInfo on gRPC), reads
 * included, and readiness says NOT_SERVING; started again, the server recovers by itself, and every write
 * it acknowledged (before, during and after the outage, from writers that never stop) is there.
 */
@Tag("outage")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DatabaseOutageIT {
    /** "A few seconds at most"; the pool alone used to wait 10 s, then answer INTERNAL. */
    static final Duration FAST = Duration.ofSeconds(5);
    static final String WALLET = "0x0000000000000000000000000000000000000a11";
    static final String WRITERS_WALLET = "0x0000000000000000000000000000000000000b22";

    @RegisterExtension
    @Order(1)
    static final DedicatedPostgres PG = new DedicatedPostgres();

    @RegisterExtension
    @Order(2)
    static final AtlasServerExtension server = AtlasServerExtension.postgres(() -> PG.postgres.newDatabase())
            .env("ATLAS_DB_PROBE_INTERVAL", "PT0.5S")
            // The writers write as fast as they are answered, from one client: no per-client budget.
            .env("ATLAS_RATE_LIMIT_READ", "off").env("ATLAS_RATE_LIMIT_WRITE", "off");

    @Test
    void failsFastWhileTheDatabaseIsDownAndRecoversWithNothingAcknowledgedLost() throws Exception {
        NodeServiceBlockingStub grpc = NodeServiceGrpc.newBlockingStub(server.channel());
        NodeServiceBlockingStub web = GrpcClients.builder(server.baseUri())
                .serializationFormat(GrpcSerializationFormats.PROTO_WEB).build(NodeServiceBlockingStub.class);
        var analytics = AnalyticsServiceGrpc.newBlockingStub(server.channel());
        long acked = 0;
        grpc.trackContentServed(write(WALLET));
        web.trackContentServed(write(WALLET));
        assertEquals(200, httpWrite(WALLET).statusCode());
        acked += 3;
        assertEquals(1, analytics.ingestEvents(events(1)).getAcceptedCount()); // today's salt is now known

        try (OutageWriters writers = new OutageWriters(server.channel(), WRITERS_WALLET, 3)) {
            writers.awaitAcked(10);
            PG.postgres.stop();
            try {
                // The first call after the stop, before the probe has noticed, is answered within seconds too.
                expectUnavailable(() -> grpc.withDeadlineAfter(30, TimeUnit.SECONDS).trackContentServed(write(WALLET)));
                awaitReadiness(503, ServingStatus.NOT_SERVING);

                StatusRuntimeException e = expectUnavailable(() -> grpc.trackContentServed(write(WALLET)));
                assertEquals("DATABASE_UNAVAILABLE", StatusDetails.unpack(e, ErrorInfo.class).getReason());
                assertEquals(1, StatusDetails.unpack(e, RetryInfo.class).getRetryDelay().getSeconds());
                expectUnavailable(() -> grpc.getNode(GetNodeRequest.newBuilder().setWalletAddress(WALLET).build()));
                StatusRuntimeException webError = expectUnavailable(
                        () -> web.getNode(GetNodeRequest.newBuilder().setWalletAddress(WALLET).build()));
                StatusDetails.unpack(webError, RetryInfo.class);
                expect503(() -> httpWrite(WALLET));
                expect503(() -> server.get("/v1/nodes/" + WALLET));
                expect503(() -> server.postJson("/atlas.v1.NodeService/GetNode", // unframed JSON
                        "{\"walletAddress\":\"" + WALLET + "\"}"));
                expect503(() -> server.send(HttpRequest.newBuilder(URI.create(server.baseUri() + "/content/outage-put?type=media"))
                        .PUT(HttpRequest.BodyPublishers.ofString("bytes")).build()));
                expect503(() -> server.get("/content/never-stored"));
                // Analytics events are acknowledged once queued: they wait out the outage in memory.
                assertEquals(2, analytics.ingestEvents(events(2)).getAcceptedCount());
                long duringOutage = writers.acked();
                Thread.sleep(300);
                assertEquals(duringOutage, writers.acked(), "no write is acknowledged while the database is down");
            } finally {
                PG.postgres.start();
            }
            awaitReadiness(200, ServingStatus.SERVING);
            grpc.trackContentServed(write(WALLET));
            web.trackContentServed(write(WALLET));
            assertEquals(200, httpWrite(WALLET).statusCode());
            acked += 3;
            writers.awaitAcked(writers.acked() + 10);
            writers.close();

            assertEquals(acked, grpc.getNode(GetNodeRequest.newBuilder().setWalletAddress(WALLET).build())
                    .getNode().getBytesServed(), "exactly the acknowledged writes");
            long stored = grpc.getNode(GetNodeRequest.newBuilder().setWalletAddress(WRITERS_WALLET).build())
                    .getNode().getBytesServed();
            assertTrue(stored >= writers.acked() && stored <= writers.attempted(),
                    "every acknowledged write is stored: " + writers);
            writers.assertOnlyOkOrUnavailable();
            assertTrue(writers.slowestCall().compareTo(FAST) < 0, "a write waited " + writers.slowestCall());
        }
        await("the analytics events queued during the outage are written", () -> analytics.getEventStats(
                GetEventStatsRequest.newBuilder().setName("outage.event").build()).getStatsList().stream()
                .mapToLong(s -> s.getCount()).sum() == 3);
    }

    static TrackContentServedRequest write(String wallet) {
        return TrackContentServedRequest.newBuilder().setWalletAddress(wallet).setBytes(1).setTasksCompleted(1).build();
    }

    static HttpResponse<String> httpWrite(String wallet) {
        return server.postJson("/v1/nodes/" + wallet + ":trackContentServed", "{\"bytes\":\"1\"}");
    }

    static IngestEventsRequest events(int n) {
        IngestEventsRequest.Builder b = IngestEventsRequest.newBuilder();
        for (int i = 0; i < n; i++) {
            b.addEvents(Event.newBuilder().setName("outage.event").setWalletAddress(WALLET).setStreamId("s1"));
        }
        return b.build();
    }

    static StatusRuntimeException expectUnavailable(Runnable call) {
        long start = System.nanoTime();
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call::run);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), e.getStatus().toString());
        assertTrue(took.compareTo(FAST) < 0, "UNAVAILABLE took " + took);
        return e;
    }

    static void expect503(Supplier<HttpResponse<String>> call) {
        long start = System.nanoTime();
        HttpResponse<String> r = call.get();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(503, r.statusCode(), r.body());
        assertEquals("1", r.headers().firstValue("retry-after").orElse("none"), "Retry-After");
        assertTrue(r.body().contains("UNAVAILABLE") && !r.body().contains("SQL"), r.body());
        assertTrue(took.compareTo(FAST) < 0, "503 took " + took);
    }

    /** Readiness over HTTP and gRPC health both reach {@code http} / {@code grpc} (a wait, up to 30 s). */
    static void awaitReadiness(int http, ServingStatus grpc) throws InterruptedException {
        var health = HealthGrpc.newBlockingStub(server.channel());
        await("readiness " + http + " and " + grpc, () -> server.get("/internal/healthcheck").statusCode() == http
                && health.check(HealthCheckRequest.getDefaultInstance()).getStatus() == grpc);
    }

    static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
            Thread.sleep(50);
        }
    }

    /** A PostgreSQL server of this class's own, so stopping it disturbs no other test. */
    static final class DedicatedPostgres implements BeforeAllCallback, AfterAllCallback {
        EmbeddedPostgres postgres;

        @Override
        public void beforeAll(ExtensionContext context) {
            postgres = EmbeddedPostgres.dedicated();
        }

        @Override
        public void afterAll(ExtensionContext context) {
            if (postgres != null) {
                postgres.close();
            }
        }
    }
}
