package io.p3.atlas.server.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.grpc.GrpcSerializationFormats;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.p3.atlas.server.testing.AtlasServerExtension;
import io.p3.atlas.server.testing.StatusDetails;
import io.p3.atlas.v1.GetNodeRequest;
import io.p3.atlas.v1.NodeServiceGrpc;
import io.p3.atlas.v1.NodeServiceGrpc.NodeServiceFutureStub;
import io.p3.atlas.v1.TrackContentServedRequest;
import io.p3.atlas.v1.TrackContentServedResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Far more concurrent writes than the server may serve at once (2 000 HTTP/1.1 connections, then 500 gRPC
 * streams, then 300 gRPC-Web calls) against a limit of 16 calls per service, on loopback: the calls over the limit are refused at
 * once with 503 + Retry-After / RESOURCE_EXHAUSTED + RetryInfo and write nothing, the service never serves
 * more than its limit (what bounds its memory and its admitted calls' latency), every admitted write is
 * stored exactly once, and the server serves normally as soon as the flood stops.
 */
@Tag("overload")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class OverloadIT {
    static final int LIMIT = 16;
    static final String NODE_SERVICE = "atlas.v1.NodeService";

    @RegisterExtension
    static final AtlasServerExtension server = AtlasServerExtension.postgres()
            .env("ATLAS_MAX_CONCURRENT_CALLS", Integer.toString(LIMIT))
            // The flood comes from one loopback client here, standing for many: no per-client budget.
            .env("ATLAS_RATE_LIMIT_READ", "off").env("ATLAS_RATE_LIMIT_WRITE", "off");

    @Test
    void refusesWhatIsOverTheLimitAtOnceAndRecovers() throws Exception {
        String httpWallet = "0x0000000000000000000000000000000000000c01";
        String grpcWallet = "0x0000000000000000000000000000000000000c02";
        var stub = NodeServiceGrpc.newBlockingStub(server.channel());
        for (int i = 0; i < 10; i++) { // warm: the latencies printed below are not those of a cold JVM
            stub.trackContentServed(TrackContentServedRequest.newBuilder().setWalletAddress(grpcWallet).build());
            server.postJson("/v1/nodes/" + httpWallet + ":trackContentServed", "{\"bytes\":\"0\"}");
        }
        AtomicInteger peak = new AtomicInteger();
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (sampling.get()) {
                peak.accumulateAndGet((int) inFlight(), Math::max);
                java.util.concurrent.locks.LockSupport.parkNanos(200_000);
            }
        }, "in-flight-sampler");
        sampler.start();

        List<Outcome> http = httpFlood(httpWallet, 2000);
        List<Outcome> grpc = grpcFlood(NodeServiceGrpc.newFutureStub(server.channel()), grpcWallet, 500);
        List<Outcome> web = grpcFlood(GrpcClients.builder(server.baseUri())
                .serializationFormat(GrpcSerializationFormats.PROTO_WEB).build(NodeServiceFutureStub.class),
                grpcWallet, 300);
        sampling.set(false);
        sampler.join();

        long httpOk = http.stream().filter(o -> o.status == 200).count();
        long httpRefused = http.stream().filter(o -> o.status == 503).count();
        assertEquals(http.size(), httpOk + httpRefused, "only 200 and 503: " + summary(http));
        assertTrue(httpOk > 0 && httpRefused > 0, summary(http));
        for (Outcome o : http) {
            if (o.status == 503) {
                assertEquals("1", o.retryAfter, "Retry-After");
                assertTrue(o.body.contains("\"grpc-code\":\"RESOURCE_EXHAUSTED\"") && o.body.contains("SERVER_OVERLOADED"),
                        o.body);
            }
        }
        long webOk = web.stream().filter(o -> o.status == 0).count();
        long webRefused = web.stream().filter(o -> o.status == Status.Code.RESOURCE_EXHAUSTED.value()).count();
        assertEquals(web.size(), webOk + webRefused, "gRPC-Web: only OK and RESOURCE_EXHAUSTED: " + summary(web));
        assertTrue(webRefused > 0, "gRPC-Web: " + summary(web));
        long grpcOk = grpc.stream().filter(o -> o.status == 0).count() + webOk;
        long grpcRefused = grpc.stream().filter(o -> o.status == Status.Code.RESOURCE_EXHAUSTED.value()).count()
                + webRefused;
        assertEquals(grpc.size() + web.size(), grpcOk + grpcRefused, "only OK and RESOURCE_EXHAUSTED: "
                + summary(grpc));
        assertTrue(grpcOk > 0, summary(grpc));
        for (Outcome o : java.util.stream.Stream.concat(grpc.stream(), web.stream()).toList()) {
            if (o.error != null) {
                assertEquals(1, StatusDetails.unpack(o.error, RetryInfo.class).getRetryDelay().getSeconds());
                assertEquals("SERVER_OVERLOADED", StatusDetails.unpack(o.error, ErrorInfo.class).getReason());
            }
        }

        assertTrue(peak.get() <= LIMIT, "the service served " + peak + " calls at once, over its limit " + LIMIT);
        assertEquals(httpRefused + grpcRefused, rejected(), "every refusal is counted");
        assertEquals(httpOk, bytesServed(stub, httpWallet), "each admitted write stored once, refused ones never");
        assertEquals(grpcOk, bytesServed(stub, grpcWallet), "each admitted write stored once, refused ones never");
        System.out.printf("overload: HTTP %s; gRPC %s; gRPC-Web %s; peak in flight %d of %d%n", summary(http),
                summary(grpc), summary(web), peak.get(), LIMIT);

        // The flood is over: the next calls are served, none refused. A call leaves the count when the server's
        // log of it completes, which may come a moment after its client read the answer.
        long settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (inFlight() > 0 && System.nanoTime() < settle) {
            Thread.sleep(10);
        }
        assertEquals(0, inFlight());
        for (int i = 0; i < 20; i++) {
            assertEquals(200, server.postJson("/v1/nodes/" + httpWallet + ":trackContentServed", "{\"bytes\":\"1\"}")
                    .statusCode());
        }
        assertEquals(httpOk + 20, bytesServed(stub, httpWallet));
        assertEquals(httpRefused + grpcRefused, rejected(), "nothing refused after the flood");
    }

    /** {@code n} writes at once, each on its own HTTP/1.1 connection. */
    static List<Outcome> httpFlood(String wallet, int n) throws Exception {
        try (ClientFactory factory = ClientFactory.builder().idleTimeout(Duration.ofSeconds(60)).build()) {
            WebClient client = WebClient.builder("h1c://127.0.0.1:" + server.port()).factory(factory)
                    .responseTimeout(Duration.ofSeconds(60)).build();
            List<CompletableFuture<Outcome>> calls = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                long start = System.nanoTime();
                calls.add(client.execute(HttpRequest.of(HttpMethod.POST, "/v1/nodes/" + wallet + ":trackContentServed",
                                MediaType.JSON, "{\"bytes\":\"1\"}")).aggregate()
                        .thenApply(r -> new Outcome(r.status().code(), r.headers().get("retry-after"),
                                r.contentUtf8(), null, System.nanoTime() - start)));
            }
            return join(calls);
        }
    }

    /** {@code n} writes at once through {@code client} (gRPC streams on one channel, or gRPC-Web). */
    static List<Outcome> grpcFlood(NodeServiceFutureStub client, String wallet, int n) throws Exception {
        var stub = client.withDeadlineAfter(60, TimeUnit.SECONDS);
        TrackContentServedRequest write = TrackContentServedRequest.newBuilder().setWalletAddress(wallet).setBytes(1)
                .build();
        List<CompletableFuture<Outcome>> calls = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            ListenableFuture<TrackContentServedResponse> f = stub.trackContentServed(write);
            CompletableFuture<Outcome> outcome = new CompletableFuture<>();
            f.addListener(() -> outcome.complete(grpcOutcome(f, start)), Runnable::run);
            calls.add(outcome);
        }
        return join(calls);
    }

    static Outcome grpcOutcome(ListenableFuture<TrackContentServedResponse> f, long start) {
        long took = System.nanoTime() - start;
        try {
            f.get();
            return new Outcome(0, null, "", null, took);
        } catch (ExecutionException e) {
            StatusRuntimeException s = (StatusRuntimeException) e.getCause();
            return new Outcome(s.getStatus().getCode().value(), null, s.getStatus().toString(), s, took);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static List<Outcome> join(List<CompletableFuture<Outcome>> calls) throws Exception {
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
        return calls.stream().map(CompletableFuture::join).toList();
    }

    static long bytesServed(NodeServiceGrpc.NodeServiceBlockingStub stub, String wallet) {
        return stub.getNode(GetNodeRequest.newBuilder().setWalletAddress(wallet).build()).getNode().getBytesServed();
    }

    static double inFlight() {
        return server.server().meters().get("atlas.calls.in.flight").tag("service", NODE_SERVICE).gauge().value();
    }

    static double rejected() {
        return server.server().meters().get("atlas.calls.rejected").tag("service", NODE_SERVICE).counter().count();
    }

    /** Counts per status and latency percentiles of admitted and refused calls (printed, never asserted). */
    static String summary(List<Outcome> outcomes) {
        StringBuilder b = new StringBuilder();
        outcomes.stream().collect(java.util.stream.Collectors.groupingBy(o -> o.status, java.util.TreeMap::new,
                java.util.stream.Collectors.toList())).forEach((status, list) -> {
                    long[] ms = list.stream().mapToLong(o -> TimeUnit.NANOSECONDS.toMillis(o.nanos)).sorted().toArray();
                    b.append(b.length() == 0 ? "" : ", ").append(list.size()).append(" × ").append(status)
                            .append(" (p50 ").append(ms[ms.length / 2]).append(" ms, p99 ")
                            .append(ms[(int) (ms.length * 0.99)]).append(" ms, max ").append(ms[ms.length - 1])
                            .append(" ms)");
                });
        return b.toString();
    }

    /** An HTTP status or gRPC code (with its exception), the Retry-After header, the body, the latency. */
    record Outcome(int status, String retryAfter, String body, StatusRuntimeException error, long nanos) {
    }
}
