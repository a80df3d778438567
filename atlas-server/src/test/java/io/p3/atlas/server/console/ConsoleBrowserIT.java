package io.p3.atlas.server.console;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.p3.atlas.server.testing.JarProcess;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console in real Chromium: starts the packaged jar on port 0 and runs
 * {@code web/test/console.browser.mjs} (playwright-core driving Debian's /usr/bin/chromium), which
 * imports the German fixture (30 channels, 6 in group News) over gRPC-Web, searches, filters by group
 * News, pages, and checks what the page shows against the HTTP/JSON API, then the other views and the
 * error states. Its log and screenshots go to target/console-browser/.
 *
 * <p>Without node or Chromium the test is skipped, except under {@code CI=true}, where it fails.
 */
class ConsoleBrowserIT {
    private static final Path OUTPUT = Path.of("target", "console-browser").toAbsolutePath();
    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G'};

    @TempDir
    Path dataDir;

    @Test
    void consoleSearchesFiltersAndPagesInChromium() throws Exception {
        Path web = Path.of(System.getProperty("atlas.web.dir", "../web")).toAbsolutePath().normalize();
        Path chromium = Path.of(Optional.ofNullable(System.getenv("ATLAS_TEST_CHROMIUM")).orElse("/usr/bin/chromium"));
        Path fixture = Path.of("src/test/resources/m3u/iptv-org-de-excerpt.m3u").toAbsolutePath();
        Optional<Path> node = onPath("node");
        require(node.isPresent(), "node is not on the PATH (apt-get install nodejs)");
        require(Files.isExecutable(chromium), "no Chromium at " + chromium + " (apt-get install chromium)");
        require(Files.isDirectory(web.resolve("node_modules/playwright-core"))
                        && Files.isRegularFile(web.resolve("lib/sdk/index.js")),
                web + " is not built (./mvnw package builds it with npm)");
        Files.createDirectories(OUTPUT);
        Path log = OUTPUT.resolve("console-browser.log");

        try (JarProcess server = JarProcess.start(Map.of(
                "ATLAS_PORT", "0", "ATLAS_DATA_DIR", dataDir.toString(), "ATLAS_SHUTDOWN_GRACE", "PT1S"))) {
            int port = server.awaitReady();
            ProcessBuilder pb = new ProcessBuilder(node.get().toString(), "test/console.browser.mjs")
                    .directory(web.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            pb.environment().put("ATLAS_URL", "http://127.0.0.1:" + port);
            pb.environment().put("ATLAS_FIXTURE", fixture.toString());
            pb.environment().put("ATLAS_OUTPUT_DIR", OUTPUT.toString());
            pb.environment().put("ATLAS_TEST_CHROMIUM", chromium.toString());
            Process test = pb.start();
            if (!test.waitFor(180, TimeUnit.SECONDS)) {
                test.destroy(); // SIGTERM lets playwright close Chromium
                if (!test.waitFor(10, TimeUnit.SECONDS)) {
                    test.destroyForcibly();
                }
                fail("the browser test did not finish in 180 s:\n" + Files.readString(log));
            }
            assertEquals(0, test.exitValue(), "browser test failed:\n" + Files.readString(log));
        }
        for (String png : new String[] {"console-channels.png", "console-nodes.png", "console-429.png"}) {
            assertPng(OUTPUT.resolve(png));
        }
    }

    private static void assertPng(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            assertArrayEquals(PNG_MAGIC, in.readNBytes(4), file + " is a PNG");
        }
        Assertions.assertTrue(Files.size(file) > 10_000, file + " has a picture in it");
    }

    private static void require(boolean present, String what) {
        if (present) {
            return;
        }
        String message = "The browser test cannot run: " + what;
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(message);
        }
        Assumptions.abort(message);
    }

    private static Optional<Path> onPath(String command) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, command))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
