package io.p3.atlas.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.p3.atlas.server.testing.AtlasServerExtension;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged {@code examples/target/atlas-examples.jar} (built before failsafe runs) is self-contained:
 * examples run from it with {@code java -cp <jar> <class>} as separate processes, nothing else on the
 * class path.
 */
class ExamplesJarIT {
    @RegisterExtension
    static final AtlasServerExtension ATLAS = AtlasServerExtension.h2();

    /** Runs {@code java -cp atlas-examples.jar <mainClass> <args>}; returns exit code and output. */
    private static Result java(String mainClass, String... args) throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("atlas.examples.jar", "target/atlas-examples.jar"));
        assertTrue(Files.isRegularFile(jar), "the examples jar is missing: " + jar.toAbsolutePath());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-Xmx128m", "-cp", jar.toString(), mainClass));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().remove("CLASSPATH");
        Process p = pb.start();
        String output;
        try (InputStream in = p.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("example did not exit: " + output);
        }
        return new Result(p.exitValue(), output);
    }

    private record Result(int exitCode, String output) {
    }

    @Test
    void importAndBrowseChannelsRunsFromTheJar(@TempDir Path dir) throws Exception {
        Path playlist = dir.resolve("channels.m3u");
        try (InputStream in = ExamplesJarIT.class.getResourceAsStream("/m3u/iptv-org-de-excerpt.m3u")) {
            Files.copy(in, playlist);
        }
        Result r = java("io.p3.atlas.examples.ImportAndBrowseChannels", "127.0.0.1:" + ATLAS.port(),
                playlist.toString());
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("imported 30 channels (30 new, 0 updated, 0 skipped) from channels.m3u"),
                r.output());
        assertTrue(r.output().lines().anyMatch(l -> l.matches("\\s+News\\s+6")), r.output());
        assertTrue(r.output().contains("first 20 of 30 channels by name:"), r.output());
    }

    @Test
    void uploadAndFetchAssetRunsFromTheJarAndExitsNonZeroOnBadInput(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("hello.txt");
        Files.writeString(file, "hello from a separate process\n".repeat(5000));
        Result ok = java("io.p3.atlas.examples.UploadAndFetchAsset", "127.0.0.1:" + ATLAS.port(), file.toString());
        assertEquals(0, ok.exitCode(), ok.output());
        assertTrue(ok.output().contains("read back 150000 bytes"), ok.output());
        assertTrue(ok.output().contains("sha256 matches the file"), ok.output());

        Result usage = java("io.p3.atlas.examples.UploadAndFetchAsset", "127.0.0.1:" + ATLAS.port());
        assertEquals(2, usage.exitCode(), usage.output());
        assertTrue(usage.output().contains("usage: UploadAndFetchAsset host:port some.file"), usage.output());
    }
}
