package io.p3.atlas.server.content;

import static io.p3.atlas.server.content.ContentTesting.random;
import static io.p3.atlas.server.content.ContentTesting.sha256;
import static io.p3.atlas.server.content.ContentTesting.tempFiles;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpResponseWriter;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.Server;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.p3.atlas.server.AtlasServer;
import io.p3.atlas.server.testing.AtlasServerExtension;
import io.p3.atlas.server.testing.TestS3;
import io.p3.atlas.v1.AssetType;
import io.p3.atlas.v1.CreateAssetRequest;
import io.p3.atlas.v1.GetAssetRequest;
import io.p3.atlas.v1.ReadAssetRequest;
import io.p3.atlas.v1.StreamServiceGrpc;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.ClassTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two server instances on one PostgreSQL database and one blob store (a shared directory, then a shared
 * s3proxy bucket): racing uploads and deletes of identical bytes through both leave every asset with its
 * blob and no blob without an asset; concurrent first reads of a pull-through asset through both cause
 * exactly one upstream request.
 */
@ClassTemplate
class MultiInstanceIT {
    @RegisterExtension
    static AtlasServerExtension server = AtlasServerExtension.postgres().onEachBlobStore()
            .env("ATLAS_UPSTREAM_ALLOW_PRIVATE", "true")
            // The racing writes come from one loopback client: no per-client budget (rate limits are RateLimitIT's).
            .env("ATLAS_RATE_LIMIT_READ", "off").env("ATLAS_RATE_LIMIT_WRITE", "off");

    static final byte[][] PAYLOADS = {random(20_000, 1), random(70_000, 2)};
    static final byte[] MOVIE = random(600_000, 3);
    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static AtlasServer second;
    static Path secondDataDir;
    static ManagedChannel secondChannel;
    static Server upstream;
    static final AtomicInteger upstreamHits = new AtomicInteger();
    static volatile CountDownLatch gate;

    /**
     * Once per blob store: the other instance (the same config: DATABASE_URL, data dir or bucket, on its own
     * port) and the upstream.
     */
    @BeforeEach
    void startSecondInstanceAndUpstream() throws InterruptedException {
        if (second != null && !server.dataDir().equals(secondDataDir)) {
            stop(); // the first instance restarted on the next blob store
        }
        if (second == null) {
            secondDataDir = server.dataDir();
            second = AtlasServer.start(server.config());
            secondChannel = NettyChannelBuilder.forAddress("127.0.0.1", second.port()).usePlaintext().build();
        }
        if (upstream == null) {
            upstreamHits.set(0);
            gate = new CountDownLatch(1);
            upstream = Server.builder()
                    .http(new InetSocketAddress("127.0.0.1", 0))
                    .gracefulShutdownTimeout(Duration.ZERO, Duration.ZERO)
                    .service("/held.mp4", (ctx, req) -> {
                        upstreamHits.incrementAndGet();
                        return held();
                    })
                    .build();
            upstream.start().join();
        }
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (secondChannel != null) {
            secondChannel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            secondChannel = null;
        }
        if (second != null) {
            second.close();
            second = null;
        }
        if (upstream != null) {
            upstream.stop().join();
            upstream = null;
        }
    }

    /** The first 100 000 bytes of MOVIE at once, the rest when the test opens the gate. */
    static HttpResponse held() {
        HttpResponseWriter w = HttpResponse.streaming();
        w.write(ResponseHeaders.builder(HttpStatus.OK).contentType(MediaType.parse("video/mp4"))
                .contentLength(MOVIE.length).build());
        w.write(HttpData.wrap(MOVIE, 0, 100_000));
        CountDownLatch g = gate;
        CompletableFuture.runAsync(() -> {
            try {
                g.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            w.write(HttpData.wrap(MOVIE, 100_000, MOVIE.length - 100_000));
            w.close();
        });
        return w;
    }

    static String base(int instance) {
        return "http://127.0.0.1:" + (instance == 0 ? server.port() : second.port());
    }

    static java.net.http.HttpResponse<byte[]> send(HttpRequest.Builder req) {
        try {
            return http.send(req.build(), BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String payloadOf(String id) {
        return sha256(PAYLOADS[id.charAt(id.length() - 1) % 2]);
    }

    @Test
    void racingUploadsAndDeletesOfIdenticalBytesOnTwoInstancesLeaveEveryAssetWithItsBlobAndNoOrphan()
            throws Exception {
        ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
        AtomicInteger stored = new AtomicInteger();
        AtomicInteger deleted = new AtomicInteger();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                workers.add(pool.submit(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    while (System.nanoTime() < deadline) {
                        // Ids r0, r2, r4 hold PAYLOADS[0]; r1, r3, r5 hold PAYLOADS[1]: blobs are shared.
                        String id = "r" + random.nextInt(6);
                        String uri = base(random.nextInt(2));
                        int op = random.nextInt(10);
                        if (op < 5) {
                            var res = send(HttpRequest.newBuilder(URI.create(uri + "/content/" + id + "?type=media"))
                                    .PUT(HttpRequest.BodyPublishers.ofByteArray(PAYLOADS[id.charAt(1) % 2])));
                            record(unexpected, "PUT " + id, res, 201);
                            stored.addAndGet(res.statusCode() == 201 ? 1 : 0);
                        } else if (op < 8) {
                            var res = send(HttpRequest.newBuilder(URI.create(uri + "/v1/assets/" + id)).DELETE());
                            record(unexpected, "DELETE " + id, res, 200, 404);
                            deleted.addAndGet(res.statusCode() == 200 ? 1 : 0);
                        } else {
                            var res = send(HttpRequest.newBuilder(URI.create(uri + "/content/" + id)).GET());
                            // 409: deleted (bytes and all) between reading its row and opening its blob.
                            record(unexpected, "GET " + id, res, 200, 404, 409);
                            if (res.statusCode() == 200 && !sha256(res.body()).equals(payloadOf(id))) {
                                unexpected.add("GET " + id + ": wrong bytes");
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> w : workers) {
                w.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of(), List.copyOf(unexpected));
        assertTrue(stored.get() > 20 && deleted.get() > 10, stored + " uploads, " + deleted + " deletes");

        Set<String> referenced = new TreeSet<>(query("SELECT sha256 FROM assets"));
        assertEquals(referenced, storedBlobs(), "every asset's blob exists, and no other");
        assertEquals(referenced, new TreeSet<>(query("SELECT sha256 FROM blobs")));
        assertEquals(List.of(), query("SELECT sha256 FROM blob_pins"));
        assertEquals(0, tempFiles(server));
        for (String id : query("SELECT id FROM assets WHERE id LIKE 'r%'")) {
            for (int instance = 0; instance < 2; instance++) {
                var res = send(HttpRequest.newBuilder(URI.create(base(instance) + "/content/" + id)).GET());
                assertEquals(200, res.statusCode(), id);
                assertEquals(payloadOf(id), sha256(res.body()), id + " through instance " + instance);
            }
        }
    }

    @Test
    void aDeletionOnOneInstanceReachesTheCachedReadsOfTheOther() throws InterruptedException {
        var created = send(HttpRequest.newBuilder(URI.create(base(0) + "/content/gone?type=media"))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(PAYLOADS[0])));
        assertEquals(201, created.statusCode());
        for (int i = 0; i < 2; i++) { // the second read is answered from instance 1's memory
            assertEquals(200, send(HttpRequest.newBuilder(URI.create(base(1) + "/content/gone")).GET()).statusCode());
        }
        assertEquals(200, send(HttpRequest.newBuilder(URI.create(base(0) + "/v1/assets/gone")).DELETE())
                .statusCode());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        int status;
        while ((status = send(HttpRequest.newBuilder(URI.create(base(1) + "/content/gone")).GET()).statusCode())
                == 200 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(404, status, "within 5 s (the cache TTL is 60 s): the deletion notice emptied instance 1's cache");
    }

    static void record(ConcurrentLinkedQueue<String> unexpected, String what, java.net.http.HttpResponse<byte[]> res,
                       int... expected) {
        for (int e : expected) {
            if (res.statusCode() == e) {
                return;
            }
        }
        unexpected.add(what + ": " + res.statusCode() + " " + new String(res.body()));
    }

    /** The sha256 of every blob in the shared store (directory or bucket). */
    static Set<String> storedBlobs() throws IOException {
        if (server.bucket() != null) {
            return TestS3.get().keys(server.bucket()).stream().filter(k -> k.startsWith("blobs/"))
                    .map(k -> k.substring("blobs/".length())).collect(Collectors.toCollection(TreeSet::new));
        }
        Path root = server.dataDir().resolve("blobs");
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).filter(p -> !p.getParent().equals(root.resolve("tmp")))
                    .map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    static List<String> query(String sql) throws SQLException {
        try (Connection c = server.server().database().dataSource().getConnection();
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1).trim());
            }
            return values;
        }
    }

    @Test
    void concurrentFirstReadsThroughTwoInstancesCauseOneUpstreamRequest() throws Exception {
        StreamServiceGrpc.newBlockingStub(server.channel()).createAsset(CreateAssetRequest.newBuilder()
                .setId("co").setType(AssetType.ASSET_TYPE_MEDIA)
                .setSourceUrl("http://127.0.0.1:" + upstream.activeLocalPort() + "/held.mp4").build());
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<byte[]>> reads = new ArrayList<>();
            for (int instance = 0; instance < 2; instance++) {
                String uri = base(instance) + "/content/co";
                ManagedChannel channel = instance == 0 ? server.channel() : secondChannel;
                for (int i = 0; i < 3; i++) {
                    reads.add(pool.submit(() -> {
                        go.await();
                        var res = send(HttpRequest.newBuilder(URI.create(uri)).GET());
                        assertEquals(200, res.statusCode());
                        return res.body();
                    }));
                }
                reads.add(pool.submit(() -> {
                    go.await();
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    StreamServiceGrpc.newBlockingStub(channel)
                            .readAsset(ReadAssetRequest.newBuilder().setId("co").build())
                            .forEachRemaining(r -> out.writeBytes(r.getData().toByteArray()));
                    return out.toByteArray();
                }));
            }
            go.countDown();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (upstreamHits.get() == 0 && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            Thread.sleep(500); // room for a second, wrong, upstream request before the first one completes
            assertEquals(1, upstreamHits.get());
            gate.countDown();
            for (Future<byte[]> r : reads) {
                assertArrayEquals(MOVIE, r.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, upstreamHits.get());
        for (ManagedChannel channel : List.of(server.channel(), secondChannel)) {
            var asset = StreamServiceGrpc.newBlockingStub(channel)
                    .getAsset(GetAssetRequest.newBuilder().setId("co").build()).getAsset();
            assertTrue(asset.getFetched());
            assertEquals(sha256(MOVIE), asset.getSha256());
        }
        assertEquals(List.of(), query("SELECT id FROM assets WHERE fetch_owner IS NOT NULL"));
    }
}
