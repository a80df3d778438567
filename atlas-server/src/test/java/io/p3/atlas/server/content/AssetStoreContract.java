package io.p3.atlas.server.content;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.p3.atlas.server.paging.Page;
import io.p3.atlas.server.blob.FileBlobStore;
import io.p3.atlas.server.error.AtlasException;
import io.p3.atlas.server.error.ErrorCode;
import io.p3.atlas.server.persistence.Database;
import io.p3.atlas.server.testing.MutableClock;
import io.p3.atlas.server.testing.TestDatabase;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The asset rules on each real database (H2 and PostgreSQL subclasses): metadata store, blob store and
 * AssetService together, with a pull-through source the test controls.
 */
abstract class AssetStoreContract {
    final MutableClock clock = MutableClock.at("2026-03-01T12:00:00Z");
    final AtomicInteger upstreamCalls = new AtomicInteger();
    volatile UpstreamDownload upstream;
    Database db;
    Path dataDir;
    FileBlobStore blobs;
    AssetStore store;
    AssetService assets;
    BlobReferences references;
    PullThrough pullThrough;
    ExecutorService executor;
    SimpleMeterRegistry meters;

    abstract TestDatabase database();

    @BeforeEach
    void open() {
        meters = new SimpleMeterRegistry();
        db = Database.open(database().newDatabase(), meters, List.of(AssetMapper.class));
        dataDir = TestDatabase.newTempDir("atlas-blobs-");
        blobs = new FileBlobStore(dataDir);
        store = new MyBatisAssetStore(db);
        executor = Executors.newCachedThreadPool();
        ContentMetrics metrics = new ContentMetrics(meters);
        ContentConfig config = new ContentConfig(1000, 64 * 1024);
        UpstreamDownload counting = (uri, max, sink) -> {
            upstreamCalls.incrementAndGet();
            upstream.download(uri, max, sink);
        };
        ContentSource source = new ContentSource(blobs, config.cacheMemoryBytes(), metrics, meters);
        references = new BlobReferences(store, blobs, source::invalidate, clock);
        pullThrough = new PullThrough(store, blobs, references, counting, executor, config.maxAssetBytes(), metrics,
                clock);
        assets = new AssetService(store, blobs, source, pullThrough, references, config, clock);
    }

    @AfterEach
    void close() {
        executor.shutdownNow();
        db.close();
    }

    Asset upload(String id, AssetKind type, String text) {
        return upload(id, type, text, null);
    }

    Asset upload(String id, AssetKind type, String text, String sha) {
        AssetService.UploadSpec spec = assets.uploadSpec(id, type, "text/plain", sha);
        try (AssetUpload up = assets.startUpload()) {
            up.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
            return up.commit(spec);
        }
    }

    static String sha256(String text) {
        return HexFormat.of().formatHex(io.p3.atlas.server.blob.BlobWriter.sha256Digest()
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    long tempFiles() throws IOException {
        try (Stream<Path> s = Files.list(blobs.tempDir())) {
            return s.count();
        }
    }

    static ErrorCode code(Runnable r) {
        return assertThrows(AtlasException.class, r::run).code();
    }

    @Test
    void uploadStoresBytesAndMetadata() throws IOException {
        Asset a = upload("demo", AssetKind.MEDIA, "hello world");
        assertEquals("demo", a.id());
        assertEquals(11L, a.size());
        assertEquals(sha256("hello world"), a.sha256());
        assertEquals(a.sha256().substring(0, 32), a.etag());
        assertEquals("/content/demo", a.url());
        assertEquals(clock.instant(), a.createTime());
        assertEquals(a, assets.get("demo"));
        assertArrayEquals("hello world".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(blobs.path(a.sha256())));
        assertEquals(0, tempFiles());
    }

    @Test
    void sameIdSameBytesIsIdempotentOtherBytesAlreadyExists() throws IOException {
        Asset first = upload("x", AssetKind.SDK, "v1");
        assertEquals(first, upload("x", AssetKind.SDK, "v1"));
        assertEquals(ErrorCode.ALREADY_EXISTS, code(() -> upload("x", AssetKind.SDK, "v2")));
        assertEquals(ErrorCode.ALREADY_EXISTS, code(() -> upload("x", AssetKind.GAME, "v1")));
        assertFalse(blobs.exists(sha256("v2")), "the rejected bytes are not kept");
        assertEquals(first, assets.get("x"));
        assertEquals(0, tempFiles());
    }

    @Test
    void expectedShaMismatchStoresNothing() throws IOException {
        assertEquals(ErrorCode.INVALID_ARGUMENT,
                code(() -> upload("m", AssetKind.MEDIA, "abc", sha256("abd"))));
        assertEquals(ErrorCode.NOT_FOUND, code(() -> assets.get("m")));
        assertFalse(blobs.exists(sha256("abc")));
        assertEquals(0, tempFiles());
        assertEquals(sha256("abc"), upload("m", AssetKind.MEDIA, "abc", sha256("abc").toUpperCase()).sha256());
    }

    @Test
    void tooLargeStoresNothing() throws IOException {
        AssetService.UploadSpec spec = assets.uploadSpec("big", AssetKind.GAME, null, null);
        try (AssetUpload up = assets.startUpload()) {
            AtlasException e = assertThrows(AtlasException.class,
                    () -> up.copyFrom(new ByteArrayInputStream(new byte[1001])));
            assertEquals(ErrorCode.RESOURCE_EXHAUSTED, e.code());
            assertTrue(e.getMessage().contains("ATLAS_MAX_ASSET_BYTES"), e.getMessage());
        }
        assertEquals(0, tempFiles());
        assertEquals(ErrorCode.NOT_FOUND, code(() -> assets.get(spec.id())));
    }

    @Test
    void abandonedUploadLeavesNoTrace() throws IOException {
        try (AssetUpload up = assets.startUpload()) {
            up.write(ByteBuffer.wrap(new byte[500]));
            assertEquals(1, tempFiles());
        }
        assertEquals(0, tempFiles());
    }

    @Test
    void validationNamesTheField() {
        assertEquals("id", field(() -> assets.uploadSpec("../x", AssetKind.MEDIA, null, null)));
        assertEquals("type", field(() -> assets.uploadSpec("a", null, null, null)));
        assertEquals("content_type", field(() -> assets.uploadSpec("a", AssetKind.MEDIA, "mp4", null)));
        assertEquals("sha256", field(() -> assets.uploadSpec("a", AssetKind.MEDIA, null, "abc")));
        assertEquals("source_url", field(() -> assets.createPullThrough("p", AssetKind.MEDIA,
                "file:///etc/passwd", null)));
        assertEquals("page_size", field(() -> assets.list(null, -1, "")));
        assertEquals("page_token", field(() -> assets.list(null, 0, "garbage!")));
    }

    static String field(Runnable r) {
        return assertThrows(AtlasException.class, r::run).field();
    }

    @Test
    void generatedIdsWhenAbsent() {
        Asset a = upload("", AssetKind.BUNDLE, "one");
        Asset b = upload("", AssetKind.BUNDLE, "one");
        assertNotEquals(a.id(), b.id());
        assertEquals(a.sha256(), b.sha256());
    }

    @Test
    void deleteKeepsSharedBlobUntilTheLastAssetGoes() {
        Asset a = upload("a", AssetKind.MEDIA, "same");
        upload("b", AssetKind.MEDIA, "same");
        assets.delete("a");
        assertTrue(blobs.exists(a.sha256()));
        assertEquals(ErrorCode.NOT_FOUND, code(() -> assets.get("a")));
        assets.delete("b");
        assertFalse(blobs.exists(a.sha256()));
        assertEquals(ErrorCode.NOT_FOUND, code(() -> assets.delete("b")));
        // After a delete the id can take other bytes.
        assertEquals(sha256("other"), upload("a", AssetKind.MEDIA, "other").sha256());
    }

    @Test
    void listPagesByIdAndFiltersByType() {
        for (int i = 0; i < 5; i++) {
            upload("m" + i, AssetKind.MEDIA, "media " + i);
        }
        upload("s0", AssetKind.SDK, "sdk");
        List<String> seen = new ArrayList<>();
        String token = "";
        do {
            Page<Asset> page = assets.list(AssetKind.MEDIA, 2, token);
            assertTrue(page.items().size() <= 2);
            page.items().forEach(x -> seen.add(x.id()));
            token = page.nextPageToken();
        } while (!token.isEmpty());
        assertEquals(List.of("m0", "m1", "m2", "m3", "m4"), seen);
        assertEquals(6, assets.list(null, 0, "").items().size());
        String mediaToken = assets.list(AssetKind.MEDIA, 2, "").nextPageToken();
        assertEquals("page_token", field(() -> assets.list(AssetKind.SDK, 2, mediaToken)));
    }

    @Test
    void listAllOfTypeIncludesUnfetchedPullThroughWithUnknownBytes() {
        upload("b", AssetKind.GAME, "game");
        assets.createPullThrough("a", AssetKind.GAME, "http://127.0.0.1:1/a.bin", null);
        upload("c", AssetKind.MEDIA, "not a game");
        List<Asset> games = assets.listAllOfType(AssetKind.GAME);
        assertEquals(List.of("a", "b"), games.stream().map(Asset::id).toList());
        assertNull(games.get(0).sha256());
        assertNull(games.get(0).size());
        assertNull(games.get(0).etag());
        assertEquals(sha256("game"), games.get(1).sha256());
    }

    @Test
    void pullThroughCreateIsIdempotentAndImmutable() {
        Asset a = assets.createPullThrough("p", AssetKind.MEDIA, "https://example.org/a.mp4", null);
        assertFalse(a.fetched());
        assertEquals("", a.contentType());
        assertEquals(a, assets.createPullThrough("p", AssetKind.MEDIA, "https://example.org/a.mp4", null));
        assertEquals(ErrorCode.ALREADY_EXISTS, code(() -> assets.createPullThrough("p", AssetKind.MEDIA,
                "https://example.org/b.mp4", null)));
        assertEquals(ErrorCode.ALREADY_EXISTS, code(() -> upload("p", AssetKind.MEDIA, "x")));
    }

    @Test
    void concurrentFirstReadsShareOneUpstreamFetch() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        upstream = (uri, max, sink) -> {
            try {
                release.await(10, TimeUnit.SECONDS);
                sink.accept("video/mp4", -1, new ByteArrayInputStream("movie bytes".getBytes(StandardCharsets.UTF_8)));
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        };
        assets.createPullThrough("movie", AssetKind.MEDIA, "http://127.0.0.1:9/movie.mp4", null);
        List<CompletableFuture<Asset>> reads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            reads.add(assets.fetched("movie"));
        }
        release.countDown();
        for (CompletableFuture<Asset> r : reads) {
            Asset a = r.get(10, TimeUnit.SECONDS);
            assertEquals(sha256("movie bytes"), a.sha256());
            assertEquals("video/mp4", a.contentType());
        }
        assertEquals(1, upstreamCalls.get());
        assertEquals(11L, assets.get("movie").size());
        assertTrue(assets.fetched("movie").isDone(), "fetched assets need no upstream");
        assertEquals(1, upstreamCalls.get());
        assertEquals(1.0, meters.counter("atlas.stream.cache.requests", "tier", "upstream", "result", "miss").count());
        assertEquals(7.0, meters.counter("atlas.stream.cache.requests", "tier", "upstream", "result", "hit").count());
    }

    @Test
    void failedFetchStoresNothingAndTheNextReadRetries() throws Exception {
        upstream = (uri, max, sink) -> {
            try {
                sink.accept(null, -1, new java.io.InputStream() {
                    int n;

                    @Override
                    public int read() throws IOException {
                        if (n++ < 100) {
                            return 'x';
                        }
                        throw new IOException("connection reset");
                    }
                });
            } catch (IOException e) {
                throw AtlasException.unavailable("upstream broke: " + e.getMessage(), e);
            }
        };
        assets.createPullThrough("flaky", AssetKind.MEDIA, "http://127.0.0.1:9/f", null);
        Throwable t = assertThrows(Exception.class, () -> assets.fetched("flaky").get(10, TimeUnit.SECONDS));
        assertEquals(ErrorCode.UNAVAILABLE, ((AtlasException) t.getCause()).code());
        assertFalse(assets.get("flaky").fetched());
        assertEquals(0, tempFiles());

        upstream = (uri, max, sink) -> {
            try {
                sink.accept(null, 3, new ByteArrayInputStream(new byte[] {1, 2, 3}));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        };
        Asset a = assets.fetched("flaky").get(10, TimeUnit.SECONDS);
        assertEquals(3L, a.size());
        assertEquals(AssetRules.DEFAULT_CONTENT_TYPE, a.contentType());
        assertEquals(2, upstreamCalls.get());
    }

    @Test
    void memoryTierServesSmallAssetsAfterTheFirstDiskRead() {
        Asset a = upload("small", AssetKind.SDK, "tiny");
        assertTrue(assets.open(a) instanceof ContentSource.InMemory);
        assertTrue(assets.open(a) instanceof ContentSource.InMemory);
        assertEquals(1.0, meters.counter("atlas.stream.cache.requests", "tier", "disk", "result", "hit").count());
        assertEquals(1.0, meters.counter("atlas.stream.cache.requests", "tier", "memory", "result", "hit").count());
        assertEquals(1.0, meters.counter("atlas.stream.cache.requests", "tier", "memory", "result", "miss").count());
    }
}
