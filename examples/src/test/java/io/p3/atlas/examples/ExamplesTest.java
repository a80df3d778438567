package io.p3.atlas.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.p3.atlas.client.AtlasClient;
import io.p3.atlas.client.AtlasClientException;
import io.p3.atlas.client.Paged;
import io.p3.atlas.server.testing.AtlasServerExtension;
import io.p3.atlas.v1.Channel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Runs every example, and the SDK, against a real server (embedded H2, port 0). */
class ExamplesTest {
    @RegisterExtension
    static final AtlasServerExtension ATLAS = AtlasServerExtension.h2();

    static String target;

    @BeforeAll
    static void target() {
        target = "127.0.0.1:" + ATLAS.port();
    }

    static String run(ThrowingMain main) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            main.run();
        } finally {
            System.setOut(original);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    interface ThrowingMain {
        void run() throws Exception;
    }

    @Test
    void nodeOperatorAndLeaderboard() throws Exception {
        String wallet = "0xA000000000000000000000000000000000000001";
        String out = run(() -> NodeOperatorExample.main(new String[] {target, wallet, "2"}));
        assertTrue(out.contains("is NODE_STATUS_ONLINE: 524288 bytes served, 2 tasks"), out);
        String board = run(() -> LeaderboardExample.main(new String[] {target, "5"}));
        assertTrue(board.contains(wallet.toLowerCase()), board);
    }

    @Test
    void analytics() throws Exception {
        String out = run(() -> AnalyticsExample.main(new String[] {target}));
        assertTrue(out.contains("ingest: 1 accepted, 1 rejected"), out);
        assertTrue(out.contains("stream: 3 accepted"), out);
        assertTrue(out.contains("stream.start: 1 events, 1 unique users"), out);
        assertTrue(out.contains("stream.heartbeat: 3 events, 1 unique users"), out);
    }

    @Test
    void content() throws Exception {
        String out = run(() -> ContentExample.main(new String[] {target}));
        assertTrue(out.contains("uploaded example-hello: 140000 bytes"), out);
        assertTrue(out.contains("served at /content/example-hello"), out);
        assertTrue(out.contains("bytes 6-20: from Atlas Tran"), out);
        assertTrue(out.contains("selected relay: example-relay-us-east (us-east)"), out);
    }

    @Test
    void catalog() throws Exception {
        String out = run(() -> CatalogExample.main(new String[] {target}));
        assertTrue(out.contains("import: 3 new, 0 updated, 0 skipped"), out);
        assertTrue(out.contains("German channel: Das Erste [1080p] []"), out);
        assertTrue(out.contains("German channel: ZDF [720p] [Geo-blocked]"), out);
        assertTrue(out.contains("media manifest: "), out);
        String again = run(() -> CatalogExample.main(new String[] {target}));
        assertTrue(again.contains("import: 0 new, 3 updated, 0 skipped"), again);
    }

    @Test
    void sdkReportsFieldOfInvalidInput() {
        try (AtlasClient atlas = AtlasClient.connect(target)) {
            AtlasClientException e = org.junit.jupiter.api.Assertions.assertThrows(AtlasClientException.class,
                    () -> atlas.nodes().trackContentServed("0xA000000000000000000000000000000000000001", -1, 0));
            assertEquals("bytes", e.field().orElseThrow());
            assertEquals(io.grpc.Status.Code.NOT_FOUND, org.junit.jupiter.api.Assertions.assertThrows(
                    AtlasClientException.class,
                    () -> atlas.nodes().getNode("0xB000000000000000000000000000000000000001")).code());
        }
    }

    @Test
    void importAndBrowseChannels(@TempDir Path dir) throws Exception {
        Path playlist = dir.resolve("de.m3u");
        try (var in = ExamplesTest.class.getResourceAsStream("/m3u/iptv-org-de-excerpt.m3u")) {
            Files.copy(in, playlist);
        }
        String out = run(() -> ImportAndBrowseChannels.main(new String[] {target, playlist.toString()}));
        assertTrue(out.contains("imported 30 channels ("), out);
        assertTrue(out.contains("from de.m3u"), out);
        // Groups and the first page as the API sees the whole catalog (other tests here import too).
        try (AtlasClient atlas = AtlasClient.connect(target)) {
            for (String group : List.of("News", "Music")) {
                int count = atlas.catalog().listChannels(group, null, null).firstPage().totalSize().orElseThrow();
                assertTrue(out.lines().anyMatch(l -> l.matches("\\s+" + group + "\\s+" + count)), group + ": " + out);
            }
            assertTrue(out.lines().anyMatch(l -> l.matches("\\s+\\(no group\\)\\s+\\d+")), out);
            Paged.Page<Channel> first = atlas.catalog().listChannels(null, null, null)
                    .pageSize(ImportAndBrowseChannels.PAGE_SIZE).firstPage();
            assertTrue(out.contains("first 20 of " + first.totalSize().orElseThrow() + " channels by name:"), out);
            int at = out.indexOf("channels by name:");
            for (Channel c : first.items()) {
                int next = out.indexOf("\n  " + c.getName() + " ", at);
                assertTrue(next >= at, c.getName() + " in order: " + out);
                at = next + 1;
            }
        }
    }

    @Test
    void uploadAndFetchAsset(@TempDir Path dir) throws Exception {
        byte[] bytes = new byte[300_000];
        new Random(42).nextBytes(bytes);
        Path file = dir.resolve("random.bin");
        Files.write(file, bytes);
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        boolean[] same = new boolean[1];
        String out = run(() -> same[0] = UploadAndFetchAsset.run(target, file));
        assertTrue(same[0], out);
        assertTrue(out.contains("uploaded random.bin as asset "), out);
        assertTrue(out.contains("read back 300000 bytes, sha256 " + sha256), out);
        assertTrue(out.contains("sha256 matches the file"), out);
        String id = out.substring(out.indexOf("as asset ") + 9, out.indexOf(':', out.indexOf("as asset ")));
        try (AtlasClient atlas = AtlasClient.connect(target)) {
            assertEquals(sha256, atlas.assets().get(id).getSha256());
        }
    }
}
