package io.p3.atlas.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.p3.atlas.server.testing.AtlasServerExtension;
import io.p3.atlas.server.testing.FuzzInputs;
import io.p3.atlas.server.testing.RawCalls;
import io.p3.atlas.server.testing.Rpcs;
import io.p3.atlas.server.testing.Rpcs.Rpc;
import io.p3.atlas.v1.GetNodeRequest;
import io.p3.atlas.v1.ImportChannelsRequest;
import io.p3.atlas.v1.NodeServiceGrpc;
import io.p3.atlas.v1.RecordHeartbeatRequest;
import io.p3.atlas.v1.TrackContentServedRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Thousands of random and mutated inputs against a running server, loopback only, bounded in time and
 * count, from a printed seed ({@code -Dfuzz.seed=N} replays one): protobuf messages with random values
 * and random bytes over gRPC, gRPC-Web frames (some truncated), malformed, mistyped and deeply nested JSON
 * over HTTP/JSON and unframed JSON, random query strings, mutated M3U playlists through ImportChannels.
 * Only well-formed errors may come back (4xx or 503; never 500, INTERNAL or UNKNOWN), no message may leak
 * internals, and the server must be healthy and correct afterwards.
 */
class FuzzIT {
    @RegisterExtension
    static final AtlasServerExtension server = AtlasServerExtension.h2()
            .env("ATLAS_RATE_LIMIT_READ", "off").env("ATLAS_RATE_LIMIT_WRITE", "off");

    /** At most this long in all (each of the four phases gets a quarter), and at most PER_PHASE inputs a phase. */
    static final Duration BUDGET = Duration.ofSeconds(40);
    static final int PHASES = 4;
    static final int PER_PHASE = 900;
    static final int WORKERS = 4;
    /** RPCs that fetch URLs: only structured inputs (URLs forced to a closed loopback port), never raw bytes. */
    static final Set<String> FETCHING = Set.of("atlas.v1.CatalogService/ImportChannels", "atlas.v1.StreamService/CreateAsset");
    static final Pattern LEAK = Pattern.compile("Exception|\\tat |\\bjava\\.|io\\.p3\\.|com\\.linecorp|org\\.h2|"
            + "postgresql|\\bSQL\\b|SELECT |INSERT |/tmp/|/work/|\\.java\\b|NullPointer");
    static final Set<Status.Code> BAD_CODES = Set.of(Status.Code.INTERNAL, Status.Code.UNKNOWN, Status.Code.DATA_LOSS);

    final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    final AtomicInteger sent = new AtomicInteger();
    long seed;
    int phaseNo;

    @Test
    void randomAndMutatedInputsOnlyEverGetWellFormedErrors() throws Exception {
        seed = Long.getLong("fuzz.seed", System.nanoTime());
        System.out.println("FuzzIT seed: " + seed + " (replay with -Dfuzz.seed=" + seed + ")");
        List<Rpc> rpcs = Rpcs.all();
        WebClient web = WebClient.of(server.baseUri());
        WebClient h2c = WebClient.of("h2c://127.0.0.1:" + server.port());

        phase(in -> {  // protobuf messages with random values, and mutated encodings of them
            Rpc rpc = rpcs.get(in.random().nextInt(rpcs.size()));
            byte[] valid = in.message(rpc.input(), 0).toByteArray();
            byte[] body = FETCHING.contains(rpc.fullName()) || in.random().nextBoolean() ? valid : in.mutate(valid);
            grpc(rpc, body);
        });
        phase(in -> {  // random bytes as messages, gRPC-Web with truncated or oversized frames
            Rpc rpc = rpcs.get(in.random().nextInt(rpcs.size()));
            if (FETCHING.contains(rpc.fullName())) {
                return;
            }
            switch (in.random().nextInt(3)) {
                case 0 -> grpc(rpc, in.bytes(64));
                case 1 -> check("grpc-web " + rpc.fullName(),
                        RawCalls.grpcWebFramed(server.baseUri(), rpc.fullName(), truncatedFrame(in), Map.of()));
                default -> rawGrpc(h2c, rpc, truncatedFrame(in));
            }
        });
        phase(in -> {  // HTTP/JSON: mistyped, malformed and deeply nested bodies, random query strings
            Rpc rpc = rpcs.get(in.random().nextInt(rpcs.size()));
            if (rpc.http().isEmpty() || rpc.fullName().endsWith("/UploadAsset")) {
                return;
            }
            String json = in.json(rpc.input(), 0);
            String body = in.random().nextInt(3) == 0 ? in.malformedJson(json) : json;
            String path = rpc.httpPath(Map.of()) .replace("/x", "/" + URLEncoder.encode(in.randomChars(6), StandardCharsets.UTF_8))
                    + "?" + query(in, rpc);
            http(web, rpc.httpMethod(), path, body);
            if (in.random().nextInt(4) == 0) {
                http(web, "POST", "/" + rpc.fullName(), body);  // unframed JSON
            }
        });
        phase(in -> {  // mutated M3U playlists through ImportChannels
            byte[] req = ImportChannelsRequest.newBuilder().setPlaylistContent(in.m3u()).setSource("fuzz").build().toByteArray();
            grpc(rpcs.stream().filter(r -> r.fullName().equals("atlas.v1.CatalogService/ImportChannels")).findFirst()
                    .orElseThrow(), req);
        });

        System.out.println("FuzzIT sent " + sent.get() + " inputs");
        assertTrue(sent.get() >= 1000, "thousands of inputs within the budget: " + sent.get());
        assertEquals(List.of(), failures.stream().limit(20).toList(), "seed " + seed);
        assertHealthyAndCorrect();
    }

    interface Step {
        void run(FuzzInputs in) throws Exception;
    }

    void phase(Step step) throws Exception {
        long phaseEnd = System.nanoTime() + BUDGET.toNanos() / PHASES;
        var pool = java.util.concurrent.Executors.newFixedThreadPool(WORKERS);
        try {
            List<java.util.concurrent.Future<?>> workers = new java.util.ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                FuzzInputs in = new FuzzInputs(seed * 31 + (phaseNo * WORKERS + w));
                workers.add(pool.submit(() -> {
                    for (int i = 0; i < PER_PHASE / WORKERS && System.nanoTime() < phaseEnd; i++) {
                        step.run(in);
                    }
                    return null;
                }));
            }
            for (var f : workers) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
            phaseNo++;
        }
    }

    void grpc(Rpc rpc, byte[] body) {
        check("grpc " + rpc.fullName(), RawCalls.grpc(server.channel(), rpc.fullName(), rpc.grpc().getType(), body,
                new Metadata()));
    }

    void check(String what, RawCalls.Result r) {
        sent.incrementAndGet();
        if (BAD_CODES.contains(r.code())) {
            failures.add(what + ": " + r.code() + " " + r.message());
        } else if (r.message() != null && LEAK.matcher(r.message()).find()) {
            failures.add(what + " leaks: " + r.message());
        }
    }

    /** A gRPC frame whose length prefix does not match its bytes (cut short, or claiming too much). */
    static byte[] truncatedFrame(FuzzInputs in) {
        byte[] frame = RawCalls.frame(in.bytes(40));
        return switch (in.random().nextInt(3)) {
            case 0 -> java.util.Arrays.copyOf(frame, in.random().nextInt(frame.length));
            case 1 -> java.nio.ByteBuffer.allocate(9).put((byte) 0).putInt(Integer.MAX_VALUE).putInt(7).array();
            default -> java.nio.ByteBuffer.allocate(6).put((byte) 1).putInt(1).put((byte) 9).array();  // "compressed", no codec
        };
    }

    void rawGrpc(WebClient h2c, Rpc rpc, byte[] body) {
        AggregatedHttpResponse res = h2c.execute(RequestHeaders.builder(HttpMethod.POST, "/" + rpc.fullName())
                .contentType(MediaType.parse("application/grpc")).add("te", "trailers").build(), body).aggregate().join();
        String status = res.trailers().contains("grpc-status") ? res.trailers().get("grpc-status") : res.headers().get("grpc-status");
        String message = res.trailers().contains("grpc-message") ? res.trailers().get("grpc-message") : res.headers().get("grpc-message");
        sent.incrementAndGet();
        if (status == null || BAD_CODES.contains(Status.fromCodeValue(Integer.parseInt(status)).getCode())
                || (message != null && LEAK.matcher(message).find())) {
            failures.add("grpc frame " + rpc.fullName() + ": HTTP " + res.status() + " grpc-status " + status + " " + message);
        }
    }

    void http(WebClient web, String method, String path, String body) {
        AggregatedHttpResponse res;
        try {
            res = web.execute(RequestHeaders.builder(HttpMethod.valueOf(method), path).contentType(MediaType.JSON_UTF_8)
                    .build(), body).aggregate().join();
        } catch (IllegalArgumentException | java.util.concurrent.CompletionException invalidOnOurSide) {
            if (invalidOnOurSide instanceof IllegalArgumentException
                    || invalidOnOurSide.getCause() instanceof IllegalArgumentException) {
                return;  // the client refused to send it (an invalid request target)
            }
            throw invalidOnOurSide;
        }
        sent.incrementAndGet();
        int s = res.status().code();
        if (s >= 500 && s != 503) {
            failures.add(method + " " + path.substring(0, Math.min(120, path.length())) + ": " + s + " " + res.contentUtf8());
        } else if (LEAK.matcher(res.contentUtf8()).find()) {
            failures.add(method + " " + path + " leaks: " + res.contentUtf8());
        }
    }

    static String query(FuzzInputs in, Rpc rpc) {
        StringBuilder q = new StringBuilder();
        var fields = rpc.input().getFields();
        for (int i = 0; i < in.random().nextInt(4); i++) {
            String name = fields.isEmpty() || in.random().nextInt(5) == 0 ? in.randomChars(3)
                    : in.random().nextBoolean() ? fields.get(in.random().nextInt(fields.size())).getJsonName()
                    : fields.get(in.random().nextInt(fields.size())).getName();
            String value = name.endsWith("url") || name.endsWith("Url") ? "http://127.0.0.1:1/q" : in.string();
            if (value.length() > 2000) {
                value = value.substring(0, 2000);
            }
            q.append(i == 0 ? "" : "&").append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                    .append(in.random().nextInt(6) == 0 ? "%zz" : URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
        return q.toString();
    }

    static void assertHealthyAndCorrect() {
        assertEquals("SERVING", HealthGrpc.newBlockingStub(server.channel())
                .check(HealthCheckRequest.getDefaultInstance()).getStatus().name());
        assertEquals(200, server.get("/internal/healthcheck").statusCode());
        String w = "0x00000000000000000000000000000000000f0220";
        var nodes = NodeServiceGrpc.newBlockingStub(server.channel());
        nodes.recordHeartbeat(RecordHeartbeatRequest.newBuilder().setWalletAddress(w).setPeersConnected(3).build());
        nodes.trackContentServed(TrackContentServedRequest.newBuilder().setWalletAddress(w).setBytes(4242).build());
        var node = nodes.getNode(GetNodeRequest.newBuilder().setWalletAddress(w).build()).getNode();
        assertEquals(4242, node.getBytesServed());
        assertEquals(3, node.getToday().getPeersConnected());
        assertTrue(server.get("/v1/nodes/" + w).body().contains("\"bytesServed\":\"4242\""));
    }
}
