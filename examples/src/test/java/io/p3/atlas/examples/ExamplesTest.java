package io.p3.atlas.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.p3.atlas.client.AtlasClient;
import io.p3.atlas.client.AtlasClientException;
import io.p3.atlas.server.AtlasServer;
import io.p3.atlas.server.config.AtlasConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs every example, and the SDK, against a real server (embedded H2, port 0). */
class ExamplesTest {
    /** The server's data dir, deleted by JUnit after the class. */
    @TempDir
    static Path dir;
    static AtlasServer server;
    static String target;

    @BeforeAll
    static void start() throws Exception {
        server = AtlasServer.start(AtlasConfig.fromEnv(Map.of("ATLAS_PORT", "0", "ATLAS_DATA_DIR", dir.toString())));
        target = "127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        server.close();
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
}
