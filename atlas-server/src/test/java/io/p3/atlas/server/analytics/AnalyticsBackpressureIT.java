package io.p3.atlas.server.analytics;

import static io.p3.atlas.server.analytics.AnalyticsTesting.WALLET;
import static io.p3.atlas.server.analytics.AnalyticsTesting.event;
import static io.p3.atlas.server.analytics.AnalyticsTesting.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.rpc.RetryInfo;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.grpc.GrpcSerializationFormats;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.p3.atlas.server.testing.StatusDetails;
import io.p3.atlas.server.testing.Observers;
import io.p3.atlas.server.testing.AtlasServerExtension;
import io.p3.atlas.v1.AnalyticsServiceGrpc;
import io.p3.atlas.v1.StreamEventsRequest;
import io.p3.atlas.v1.StreamEventsResponse;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A full queue: capacity 5 and a writer held by a one-hour flush interval (a batch of 1000 never fills),
 * so accepted events stay queued and the sixth is refused with RESOURCE_EXHAUSTED + RetryInfo (429).
 */
class AnalyticsBackpressureIT {
    @RegisterExtension
    static AtlasServerExtension server = AtlasServerExtension.postgres()
            .env("ATLAS_ANALYTICS_QUEUE_CAPACITY", "5")
            .env("ATLAS_ANALYTICS_BATCH_SIZE", "1000")
            .env("ATLAS_ANALYTICS_FLUSH_INTERVAL", "PT1H");

    @Test
    void fullQueueRefusesWholeCallsOnEveryTransportAndDropsNothing() throws Exception {
        var grpc = AnalyticsServiceGrpc.newBlockingStub(server.channel()).withDeadlineAfter(30, TimeUnit.SECONDS);
        assertEquals(3, grpc.ingestEvents(request(event("bp.fill", WALLET), event("bp.fill", ""),
                event("bp.fill", ""))).getAcceptedCount());
        // 3 queued + 3 valid > 5: nothing of this call is accepted, even though two would fit.
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> grpc.ingestEvents(
                request(event("bp.fill", ""), event("bp.fill", ""), event("bp.fill", ""))));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode());
        RetryInfo retry = StatusDetails.unpack(e, RetryInfo.class);
        assertEquals(1, retry.getRetryDelay().getSeconds());
        assertEquals(3.0, AnalyticsTesting.meter(server.server(), "atlas.analytics.queue.depth"));

        // Invalid events take no room: only the valid one counts.
        assertEquals(2, grpc.ingestEvents(request(event("bp.fill", ""), event("BAD", ""), event("bp.fill", "")))
                .getAcceptedCount());
        assertEquals(5.0, AnalyticsTesting.meter(server.server(), "atlas.analytics.queue.depth"));

        StatusRuntimeException web = assertThrows(StatusRuntimeException.class, () -> GrpcClients
                .builder(server.baseUri()).serializationFormat(GrpcSerializationFormats.PROTO_WEB)
                .build(AnalyticsServiceGrpc.AnalyticsServiceBlockingStub.class)
                .ingestEvents(request(event("bp.fill", ""))));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, web.getStatus().getCode());

        HttpResponse<String> http = server.postJson("/v1/events:ingest", "{\"events\":[{\"name\":\"bp.fill\"}]}");
        assertEquals(429, http.statusCode(), http.body());
        assertTrue(http.body().contains("queue is full"), http.body());
        assertTrue(http.body().contains("RetryInfo"), http.body());

        CompletableFuture<StreamEventsResponse> done = new CompletableFuture<>();
        StreamObserver<StreamEventsRequest> in = AnalyticsServiceGrpc.newStub(server.channel())
                .streamEvents(Observers.into(done));
        in.onNext(StreamEventsRequest.newBuilder().addEvents(event("bp.fill", "")).build());
        in.onCompleted();
        ExecutionException streamed = assertThrows(ExecutionException.class, () -> done.get(30, TimeUnit.SECONDS));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, Status.fromThrowable(streamed.getCause()).getCode());
        assertTrue(Status.fromThrowable(streamed.getCause()).getDescription().contains("resend from event 0"));

        // Still held: nothing written yet, nothing dropped, and the refusals are counted.
        try (Connection c = AnalyticsTesting.connect(server.databaseUrl().orElseThrow())) {
            assertEquals(0, AnalyticsTesting.count(c, "SELECT COUNT(*) FROM analytics_events"));
        }
        assertEquals(5.0, AnalyticsTesting.meter(server.server(), "atlas.analytics.queue.depth"));
        assertEquals(0.0, AnalyticsTesting.meter(server.server(), "atlas.analytics.dropped"));
        assertEquals(6.0, AnalyticsTesting.meter(server.server(), "atlas.analytics.events.throttled"));
    }
}
