package io.p3.atlas.server.content;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static io.p3.atlas.server.content.ContentTesting.random;
import static io.p3.atlas.server.content.ContentTesting.sha256;
import static io.p3.atlas.server.content.ContentTesting.tempFiles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.linecorp.armeria.common.HttpResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.p3.atlas.server.testing.AtlasServerExtension;
import io.p3.atlas.v1.Asset;
import io.p3.atlas.v1.AssetType;
import io.p3.atlas.v1.CreateAssetRequest;
import io.p3.atlas.v1.GetAssetRequest;
import io.p3.atlas.v1.ReadAssetRequest;
import io.p3.atlas.v1.ReadAssetResponse;
import io.p3.atlas.v1.StreamServiceGrpc;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.ClassTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Pull-through assets against a local upstream (an Armeria server on loopback that counts its hits):
 * concurrent first reads share one upstream fetch, over HTTP and gRPC; upstream failures are 502 /
 * UNAVAILABLE and leave nothing half-stored. Runs once with blobs in files and once with blobs on S3.
 */
@ClassTemplate
class PullThroughIT {
    @RegisterExtension
    static AtlasServerExtension server = AtlasServerExtension.postgres().onEachBlobStore()
            .env("ATLAS_UPSTREAM_ALLOW_PRIVATE", "true");

    static final byte[] MOVIE = random(1024 * 1024 + 3, 11);
    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static HeldUpstream upstream;

    @BeforeAll
    static void startUpstream() {
        upstream = new HeldUpstream(MOVIE);
    }

    /** Each test counts its own upstream hits and gates (the class runs once per blob store). */
    @BeforeEach
    void resetUpstreamCounts() {
        upstream.reset();
    }

    @AfterAll
    static void stopUpstream() {
        upstream.close();
    }

    static String upstreamUrl(String path) {
        return upstream.url(path);
    }

    static int hitsOf(String path) {
        return upstream.hits(path);
    }

    static CountDownLatch gate(String name) {
        return upstream.gate(name);
    }

    static StreamServiceGrpc.StreamServiceBlockingStub stub() {
        return StreamServiceGrpc.newBlockingStub(server.channel());
    }

    static Asset create(String id, String path) {
        return stub().createAsset(CreateAssetRequest.newBuilder().setId(id).setType(AssetType.ASSET_TYPE_MEDIA)
                .setSourceUrl(upstreamUrl(path)).build()).getAsset();
    }

    static java.net.http.HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(server.baseUri() + path)).GET().build(),
                BodyHandlers.ofByteArray());
    }

    static byte[] readAsset(String id) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Iterator<ReadAssetResponse> it = stub().readAsset(ReadAssetRequest.newBuilder().setId(id).build());
        it.forEachRemaining(r -> out.writeBytes(r.getData().toByteArray()));
        return out.toByteArray();
    }


    @Test
    void concurrentFirstHttpReadsShareOneUpstreamFetch() throws Exception {
        Asset created = create("pt-http", "/movie/a.mp4");
        assertFalse(created.getFetched());
        assertEquals("", created.getSha256());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<java.net.http.HttpResponse<byte[]>>> reads = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                reads.add(pool.submit(() -> get("/content/pt-http")));
            }
            for (Future<java.net.http.HttpResponse<byte[]>> r : reads) {
                java.net.http.HttpResponse<byte[]> res = r.get(60, TimeUnit.SECONDS);
                assertEquals(200, res.statusCode());
                assertArrayEquals(MOVIE, res.body());
                assertEquals("video/mp4", res.headers().firstValue("content-type").orElse(""));
            }
        } finally {
            pool.shutdownNow();
        }
        // A reader may have all its bytes (Content-Length) a moment before the fetch commits; ReadAsset
        // joins the fetch, so once it answers the asset is stored.
        assertArrayEquals(MOVIE, readAsset("pt-http"));
        assertEquals(1, hitsOf("/movie/a.mp4"));
        Asset fetched = stub().getAsset(GetAssetRequest.newBuilder().setId("pt-http").build()).getAsset();
        assertTrue(fetched.getFetched());
        assertEquals(MOVIE.length, fetched.getSize());
        assertEquals(sha256(MOVIE),
                fetched.getSha256());
        assertEquals(upstreamUrl("/movie/a.mp4"), fetched.getSourceUrl());
        assertArrayEquals(MOVIE, readAsset("pt-http"));
        assertEquals(206, http.send(HttpRequest.newBuilder(URI.create(server.baseUri() + "/content/pt-http"))
                .header("Range", "bytes=0-99").GET().build(), BodyHandlers.ofByteArray()).statusCode());
        assertEquals(1, hitsOf("/movie/a.mp4"), "later reads never go upstream");
    }

    @Test
    void theFirstReaderGetsBytesWhileTheUpstreamIsStillSending() throws Exception {
        create("pt-live", "/held/c.mp4");
        java.net.http.HttpResponse<InputStream> first = http.send(HttpRequest.newBuilder(
                URI.create(server.baseUri() + "/content/pt-live")).GET().build(), BodyHandlers.ofInputStream());
        assertEquals(200, first.statusCode());
        assertEquals("video/mp4", first.headers().firstValue("content-type").orElse(""));
        CompletableFuture<byte[]> head = CompletableFuture.supplyAsync(() -> {
            try {
                return first.body().readNBytes(100_000);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        // The upstream holds the rest until released: these bytes came through while it was still sending.
        assertArrayEquals(Arrays.copyOfRange(MOVIE, 0, 100_000), head.get(30, TimeUnit.SECONDS));
        assertEquals(1, gate("c.mp4").getCount());
        assertFalse(stub().getAsset(GetAssetRequest.newBuilder().setId("pt-live").build()).getAsset().getFetched());
        gate("c.mp4").countDown();
        assertArrayEquals(Arrays.copyOfRange(MOVIE, 100_000, MOVIE.length), first.body().readAllBytes());
        assertArrayEquals(MOVIE, readAsset("pt-live")); // joins the fetch until it is committed
        assertTrue(stub().getAsset(GetAssetRequest.newBuilder().setId("pt-live").build()).getAsset().getFetched());
        assertArrayEquals(MOVIE, get("/content/pt-live").body());
        assertEquals(1, hitsOf("/held/c.mp4"));
    }

    @Test
    void concurrentFirstGrpcReadsShareOneUpstreamFetch() throws Exception {
        create("pt-grpc", "/movie/b.mp4");
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<byte[]>> reads = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                reads.add(pool.submit(() -> readAsset("pt-grpc")));
            }
            for (Future<byte[]> r : reads) {
                assertArrayEquals(MOVIE, r.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, hitsOf("/movie/b.mp4"));
    }

    @Test
    void upstreamFailureIs502AndUnavailableAndStoresNothing() throws Exception {
        create("pt-broken", "/status/503");
        java.net.http.HttpResponse<byte[]> res = get("/content/pt-broken");
        assertEquals(502, res.statusCode());
        assertTrue(new String(res.body()).contains("UNAVAILABLE"), new String(res.body()));
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> readAsset("pt-broken"));
        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("source_url"), e.getStatus().getDescription());
        assertEquals(2, hitsOf("/status/503"), "a failed fetch is retried by the next read");
        assertFalse(stub().getAsset(GetAssetRequest.newBuilder().setId("pt-broken").build()).getAsset().getFetched());
        assertEquals(0, tempFiles(server));

        create("pt-missing", "/status/404");
        assertEquals(502, get("/content/pt-missing").statusCode());
        StatusRuntimeException missing = assertThrows(StatusRuntimeException.class, () -> readAsset("pt-missing"));
        assertEquals(Status.Code.FAILED_PRECONDITION, missing.getStatus().getCode());
    }

    static Iterator<ReadAssetResponse> startRead(String id, long offset, long length) {
        return stub().readAsset(ReadAssetRequest.newBuilder().setId(id).setOffset(offset).setLength(length).build());
    }

    static byte[] readAsset(String id, long offset, long length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        startRead(id, offset, length).forEachRemaining(r -> out.writeBytes(r.getData().toByteArray()));
        return out.toByteArray();
    }

    @Test
    void concurrentFirstGrpcReadsFollowTheDownloadThroughOneUpstreamFetch() throws Exception {
        create("pt-follow", "/held/d.mp4");
        List<Iterator<ReadAssetResponse>> calls = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            calls.add(startRead("pt-follow", 0, 0));
        }
        List<ByteArrayOutputStream> got = new ArrayList<>();
        for (Iterator<ReadAssetResponse> call : calls) {
            // The upstream holds back all but 100 000 bytes: this chunk came while it was still sending.
            ReadAssetResponse first = call.next();
            assertEquals("pt-follow", first.getAsset().getId());
            assertFalse(first.getAsset().getFetched(), "the first message shows the asset as it was before the fetch");
            assertEquals("", first.getAsset().getSha256());
            assertEquals(0, first.getOffset());
            assertTrue(first.getData().size() > 0 && first.getData().size() <= 64 * 1024, "" + first.getData().size());
            assertArrayEquals(Arrays.copyOfRange(MOVIE, 0, first.getData().size()), first.getData().toByteArray());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(first.getData().toByteArray());
            got.add(out);
        }
        // A slice within the bytes received so far completes while the upstream still holds the rest.
        assertArrayEquals(Arrays.copyOfRange(MOVIE, 50_000, 60_000), readAsset("pt-follow", 50_000, 10_000));
        // Offsets beyond the bytes received wait for them; past the end is OUT_OF_RANGE once the size is known.
        CompletableFuture<byte[]> tail = CompletableFuture.supplyAsync(() -> readAsset("pt-follow", 500_000, 0));
        CompletableFuture<byte[]> past = CompletableFuture.supplyAsync(
                () -> readAsset("pt-follow", MOVIE.length + 1, 0));
        assertEquals(1, gate("d.mp4").getCount());
        assertFalse(stub().getAsset(GetAssetRequest.newBuilder().setId("pt-follow").build()).getAsset().getFetched());
        gate("d.mp4").countDown();

        for (int i = 0; i < calls.size(); i++) {
            ByteArrayOutputStream out = got.get(i);
            calls.get(i).forEachRemaining(r -> {
                assertEquals(out.size(), r.getOffset());
                assertTrue(r.getData().size() <= 64 * 1024);
                out.writeBytes(r.getData().toByteArray());
            });
            assertEquals(sha256(MOVIE), sha256(out.toByteArray()));
        }
        assertArrayEquals(Arrays.copyOfRange(MOVIE, 500_000, MOVIE.length), tail.get(30, TimeUnit.SECONDS));
        java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> past.get(30, TimeUnit.SECONDS));
        StatusRuntimeException outOfRange = (StatusRuntimeException) e.getCause();
        assertEquals(Status.Code.OUT_OF_RANGE, outOfRange.getStatus().getCode());
        assertTrue(outOfRange.getStatus().getDescription().contains("offset"), outOfRange.getStatus().getDescription());
        assertEquals(1, hitsOf("/held/d.mp4"));
        // Without a length, a followed read ends only once the asset is stored.
        Asset fetched = stub().getAsset(GetAssetRequest.newBuilder().setId("pt-follow").build()).getAsset();
        assertTrue(fetched.getFetched());
        assertEquals(sha256(MOVIE), fetched.getSha256());
        assertArrayEquals(MOVIE, readAsset("pt-follow"));
        assertEquals(1, hitsOf("/held/d.mp4"), "later reads never go upstream");
    }

    @Test
    void anUpstreamFailureMidwayFailsTheFollowingReadAndStoresNothing() throws Exception {
        create("pt-cut", "/cut/e.mp4");
        Iterator<ReadAssetResponse> call = startRead("pt-cut", 0, 0);
        ReadAssetResponse first = call.next();
        assertArrayEquals(Arrays.copyOfRange(MOVIE, 0, first.getData().size()), first.getData().toByteArray());
        gate("e.mp4").countDown();
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> call.forEachRemaining(r -> { }));
        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), e.getStatus().toString());
        assertTrue(e.getStatus().getDescription().contains("source_url"), e.getStatus().getDescription());
        assertFalse(stub().getAsset(GetAssetRequest.newBuilder().setId("pt-cut").build()).getAsset().getFetched());
        assertEquals(0, tempFiles(server));
        assertEquals(1, hitsOf("/cut/e.mp4"));
    }

    static CompletableFuture<java.net.http.HttpResponse<byte[]>> send(String method, String id, String... headers) {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(server.baseUri() + "/content/" + id))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            req.headers(headers);
        }
        return http.sendAsync(req.build(), BodyHandlers.ofByteArray());
    }

    static java.net.http.HttpResponse<byte[]> now(CompletableFuture<java.net.http.HttpResponse<byte[]>> res)
            throws Exception {
        return res.get(30, TimeUnit.SECONDS);
    }

    @Test
    void headAndRangeFirstReadsAnswerWhileTheUpstreamIsStillSending() throws Exception {
        create("pt-early", "/held/f.mp4");
        // The upstream sent its headers and 100 000 bytes and holds the rest: these answers cannot wait for it.
        var head = now(send("HEAD", "pt-early"));
        assertEquals(200, head.statusCode());
        assertEquals(String.valueOf(MOVIE.length), head.headers().firstValue("content-length").orElse(""));
        assertEquals("video/mp4", head.headers().firstValue("content-type").orElse(""));
        assertEquals("bytes", head.headers().firstValue("accept-ranges").orElse(""));
        var range = now(send("GET", "pt-early", "Range", "bytes=1000-1999"));
        assertEquals(206, range.statusCode());
        assertEquals("bytes 1000-1999/" + MOVIE.length, range.headers().firstValue("content-range").orElse(""));
        assertArrayEquals(Arrays.copyOfRange(MOVIE, 1000, 2000), range.body());
        var unsatisfiable = now(send("GET", "pt-early", "Range", "bytes=" + MOVIE.length + "-"));
        assertEquals(416, unsatisfiable.statusCode());
        assertEquals("bytes */" + MOVIE.length, unsatisfiable.headers().firstValue("content-range").orElse(""));
        // Beyond the bytes received, a range follows the fetch; a conditional read waits for the stored asset.
        var later = send("GET", "pt-early", "Range", "bytes=500000-500099");
        var conditional = send("GET", "pt-early", "If-None-Match", "\"0123\"");
        Thread.sleep(300);
        assertFalse(later.isDone() || conditional.isDone());
        assertEquals(1, gate("f.mp4").getCount());
        assertFalse(stub().getAsset(GetAssetRequest.newBuilder().setId("pt-early").build()).getAsset().getFetched());

        gate("f.mp4").countDown();
        assertEquals(206, now(later).statusCode());
        assertArrayEquals(Arrays.copyOfRange(MOVIE, 500_000, 500_100), now(later).body());
        assertEquals(200, now(conditional).statusCode());
        assertEquals("\"" + sha256(MOVIE).substring(0, 32) + "\"",
                now(conditional).headers().firstValue("etag").orElse(""));
        assertArrayEquals(MOVIE, now(conditional).body());
        assertEquals(1, hitsOf("/held/f.mp4"));
    }

    @Test
    void withoutAnUpstreamLengthARangeWithinTheBytesReceivedIsServedAtOnce() throws Exception {
        create("pt-unsized", "/unsized/g.mp4");
        var range = now(send("GET", "pt-unsized", "Range", "bytes=10-99"));
        assertEquals(206, range.statusCode());
        assertEquals("bytes 10-99/*", range.headers().firstValue("content-range").orElse(""));
        assertArrayEquals(Arrays.copyOfRange(MOVIE, 10, 100), range.body());
        // The length is unknown until the end: HEAD and a range beyond the bytes received wait for it.
        var head = send("HEAD", "pt-unsized");
        var tail = send("GET", "pt-unsized", "Range", "bytes=-10");
        Thread.sleep(300);
        assertFalse(head.isDone() || tail.isDone());
        assertEquals(1, gate("g.mp4").getCount());

        gate("g.mp4").countDown();
        assertEquals(String.valueOf(MOVIE.length), now(head).headers().firstValue("content-length").orElse(""));
        assertEquals(206, now(tail).statusCode());
        assertArrayEquals(Arrays.copyOfRange(MOVIE, MOVIE.length - 10, MOVIE.length), now(tail).body());
        assertEquals(1, hitsOf("/unsized/g.mp4"));
    }
}
