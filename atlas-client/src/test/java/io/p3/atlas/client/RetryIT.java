package io.p3.atlas.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.p3.atlas.v1.AnalyticsServiceGrpc;
import io.p3.atlas.v1.AssetType;
import io.p3.atlas.v1.Event;
import io.p3.atlas.v1.NodeServiceGrpc;
import io.p3.atlas.v1.Relay;
import io.p3.atlas.v1.StreamServiceGrpc;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Retries against the real server, through a real front server that fails scripted attempts and forwards
 * the others: which calls are repeated, how often, after which delay, and within which deadline.
 */
class RetryIT extends FrontServerTestBase {
    private static final String WALLET = "0xC000000000000000000000000000000000000001";
    /** Backoff of at most 20 ms, so that only a server's RetryInfo can make a retry wait long. */
    private static final RetryPolicy FAST = RetryPolicy.defaults().withBackoff(Duration.ofMillis(1),
            Duration.ofMillis(20), 2.0);

    private AtlasClient client(RetryPolicy policy) {
        return AtlasClient.builder(front.target()).retryPolicy(policy).build();
    }

    @Test
    void unavailableReadIsRetriedUntilItSucceeds() {
        try (AtlasClient atlas = client(FAST)) {
            atlas.nodes().heartbeat(WALLET, 1);
            front.fail(NodeServiceGrpc.getGetNodeMethod(), 2, Status.Code.UNAVAILABLE);
            assertEquals(WALLET.toLowerCase(), atlas.nodes().getNode(WALLET).getWalletAddress());
            assertEquals(3, front.count(NodeServiceGrpc.getGetNodeMethod()));
        }
    }

    @Test
    void attemptsAreBounded() {
        front.fail(NodeServiceGrpc.getGetNodeMethod(), 10, Status.Code.UNAVAILABLE);
        try (AtlasClient atlas = client(FAST.withMaxAttempts(3))) {
            AtlasClientException e = assertThrows(AtlasClientException.class, () -> atlas.nodes().getNode(WALLET));
            assertEquals(Status.Code.UNAVAILABLE, e.code());
            assertEquals(3, front.count(NodeServiceGrpc.getGetNodeMethod()));
        }
    }

    @Test
    void noRetriesMakesOneAttempt() {
        front.fail(NodeServiceGrpc.getGetNodeMethod(), 1, Status.Code.UNAVAILABLE);
        try (AtlasClient atlas = AtlasClient.builder(front.target()).noRetries().build()) {
            assertEquals(Status.Code.UNAVAILABLE,
                    assertThrows(AtlasClientException.class, () -> atlas.nodes().getNode(WALLET)).code());
            assertEquals(1, front.count(NodeServiceGrpc.getGetNodeMethod()));
        }
    }

    @Test
    void writesThatAddAreNotRepeatedAfterUnavailable() {
        front.fail(NodeServiceGrpc.getTrackContentServedMethod(), 1, Status.Code.UNAVAILABLE)
                .fail(AnalyticsServiceGrpc.getIngestEventsMethod(), 1, Status.Code.UNAVAILABLE);
        try (AtlasClient atlas = client(FAST)) {
            assertThrows(AtlasClientException.class, () -> atlas.nodes().trackContentServed(WALLET, 100, 1));
            assertThrows(AtlasClientException.class,
                    () -> atlas.analytics().ingest(List.of(Event.newBuilder().setName("retry.test").build())));
            assertEquals(1, front.count(NodeServiceGrpc.getTrackContentServedMethod()));
            assertEquals(1, front.count(AnalyticsServiceGrpc.getIngestEventsMethod()));
        }
    }

    @Test
    void writesSafeToRepeatAreRetried() {
        front.fail(NodeServiceGrpc.getRecordHeartbeatMethod(), 1, Status.Code.UNAVAILABLE);
        try (AtlasClient atlas = client(FAST)) {
            assertEquals(7, atlas.nodes().heartbeat(WALLET, 7).getPeersConnected());
            assertEquals(2, front.count(NodeServiceGrpc.getRecordHeartbeatMethod()));
        }
    }

    @Test
    void relayHeartbeatsAreRepeatedOnlyWithoutWorkToCredit() {
        try (AtlasClient atlas = client(FAST)) {
            atlas.relays().register(Relay.newBuilder().setId("retry-relay").setWalletAddress(WALLET)
                    .setEndpointUrl("wss://retry.example.org").setRegion("eu").setCapacityMbps(10).build());
            front.fail(StreamServiceGrpc.getRelayHeartbeatMethod(), 2, Status.Code.UNAVAILABLE);
            assertThrows(AtlasClientException.class, () -> atlas.relays().heartbeat("retry-relay", 1, 0.5, 4096, 1));
            assertEquals(1, front.count(StreamServiceGrpc.getRelayHeartbeatMethod()), "bytes add: not repeated");
            assertEquals(0.25, atlas.relays().heartbeat("retry-relay", 1, 0.25).getLoad(), 1e-9);
            assertEquals(3, front.count(StreamServiceGrpc.getRelayHeartbeatMethod()), "absolute load: repeated");
        }
    }

    @Test
    void createAssetIsRetriedOnlyWithAClientChosenId() {
        front.fail(StreamServiceGrpc.getCreateAssetMethod(), 2, Status.Code.UNAVAILABLE);
        try (AtlasClient atlas = client(FAST)) {
            // The first scripted failure hits the call without an id: not repeated.
            assertThrows(AtlasClientException.class, () -> atlas.assets().createFromUrl(null,
                    AssetType.ASSET_TYPE_MEDIA, "https://cdn.example/retry.mp4"));
            assertEquals(1, front.count(StreamServiceGrpc.getCreateAssetMethod()));
            // The second hits the call with an id, which is repeated and succeeds.
            assertEquals("retry-pull", atlas.assets().createFromUrl("retry-pull", AssetType.ASSET_TYPE_MEDIA,
                    "https://cdn.example/retry.mp4").getId());
            assertEquals(3, front.count(StreamServiceGrpc.getCreateAssetMethod()));
        }
    }

    @Test
    void resourceExhaustedWaitsForTheServersRetryInfoDelay() {
        Duration delay = Duration.ofMillis(400);
        front.failWithRetryInfo(AnalyticsServiceGrpc.getIngestEventsMethod(), 1, Status.Code.RESOURCE_EXHAUSTED, delay);
        try (AtlasClient atlas = client(FAST)) {
            assertEquals(1, atlas.analytics().ingest(List.of(Event.newBuilder().setName("retry.info").build()))
                    .getAcceptedCount());
        }
        List<FrontServer.Arrival> attempts = front.arrivals(AnalyticsServiceGrpc.getIngestEventsMethod());
        assertEquals(2, attempts.size());
        long waitedNanos = attempts.get(1).nanoTime() - attempts.get(0).nanoTime();
        assertTrue(waitedNanos >= delay.toNanos(), "retried after " + waitedNanos / 1_000_000 + " ms, before 400 ms");
    }

    @Test
    void resourceExhaustedWithoutRetryInfoIsNotRetried() {
        front.fail(NodeServiceGrpc.getGetNodeMethod(), 1, Status.Code.RESOURCE_EXHAUSTED);
        try (AtlasClient atlas = client(FAST)) {
            AtlasClientException e = assertThrows(AtlasClientException.class, () -> atlas.nodes().getNode(WALLET));
            assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.code());
            assertEquals(1, front.count(NodeServiceGrpc.getGetNodeMethod()));
        }
    }

    @Test
    void aServerDelayBeyondTheDeadlineFailsAtOnceWithTheDelay() {
        front.failWithRetryInfo(NodeServiceGrpc.getGetNodeMethod(), 1, Status.Code.RESOURCE_EXHAUSTED,
                Duration.ofSeconds(20));
        try (AtlasClient atlas = AtlasClient.builder(front.target()).retryPolicy(FAST)
                .deadline(Duration.ofSeconds(5)).build()) {
            AtlasClientException e = assertThrows(AtlasClientException.class, () -> atlas.nodes().getNode(WALLET));
            // Had the client waited, the deadline would have ended the call: DEADLINE_EXCEEDED.
            assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.code());
            assertEquals(Duration.ofSeconds(20), e.retryDelay().orElseThrow());
            assertEquals(1, front.count(NodeServiceGrpc.getGetNodeMethod()));
        }
    }

    @Test
    void theDeadlineBoundsAllAttempts() {
        front.fail(NodeServiceGrpc.getGetNodeMethod(), 1000, Status.Code.UNAVAILABLE);
        RetryPolicy many = RetryPolicy.defaults().withMaxAttempts(100)
                .withBackoff(Duration.ofMillis(50), Duration.ofMillis(50), 1.0);
        try (AtlasClient atlas = AtlasClient.builder(front.target()).retryPolicy(many)
                .deadline(Duration.ofMillis(800)).build()) {
            AtlasClientException e = assertThrows(AtlasClientException.class, () -> atlas.nodes().getNode(WALLET));
            assertTrue(e.code() == Status.Code.UNAVAILABLE || e.code() == Status.Code.DEADLINE_EXCEEDED, e.toString());
            int attempts = front.count(NodeServiceGrpc.getGetNodeMethod());
            assertTrue(attempts >= 2 && attempts < 100, attempts + " attempts");
        }
    }

    @Test
    void serverStreamingReadIsRetriedBeforeItsFirstMessage() {
        byte[] bytes = "read me again ".repeat(10_000).getBytes(StandardCharsets.UTF_8);
        try (AtlasClient atlas = client(FAST)) {
            atlas.assets().upload("retry-read", AssetType.ASSET_TYPE_MEDIA, "text/plain", null,
                    new ByteArrayInputStream(bytes));
            front.fail(StreamServiceGrpc.getReadAssetMethod(), 1, Status.Code.UNAVAILABLE);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertEquals("retry-read", atlas.assets().read("retry-read", 0, 0, out).getId());
            assertArrayEquals(bytes, out.toByteArray());
            assertEquals(2, front.count(StreamServiceGrpc.getReadAssetMethod()));
        }
    }

    @Test
    void clientStreamingUploadIsNotRetried() {
        front.fail(StreamServiceGrpc.getUploadAssetMethod(), 1, Status.Code.UNAVAILABLE);
        try (AtlasClient atlas = client(FAST)) {
            AtlasClientException e = assertThrows(AtlasClientException.class, () -> atlas.assets().upload(
                    "retry-upload", AssetType.ASSET_TYPE_MEDIA, null, null, new ByteArrayInputStream(new byte[10])));
            assertEquals(Status.Code.UNAVAILABLE, e.code());
            assertEquals(1, front.count(StreamServiceGrpc.getUploadAssetMethod()));
        }
    }
}
