package io.p3.atlas.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.p3.atlas.server.testing.JarProcess;
import io.p3.atlas.server.testing.TempDirs;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The README as pasted: every {@code sh} block right after a {@code <!-- readme-check -->} line runs, in
 * order, in a fresh {@code bash -e -o pipefail} against the packaged server on a free port
 * ({@code localhost:8080} rewritten), from a scratch directory holding the repository's {@code examples/}.
 * {@code curl} fails the block on an HTTP error (on a 5xx only, after {@code <!-- readme-check: errors-ok -->}).
 */
class ReadmeIT {
    static final String MARKER = "<!-- readme-check -->";
    static final String MARKER_ERRORS_OK = "<!-- readme-check: errors-ok -->";
    static final List<String> TOOLS = List.of("bash", "curl", "jq", "npx", "sha256sum");

    /** curl for the blocks: quiet, failing on HTTP errors; the real curl is $REAL_CURL. */
    static final String CURL = """
            #!/usr/bin/env bash
            err="$README_CHECK_DIR/curl-stderr.$$"
            "$REAL_CURL" -sS --max-time 120 -w '%{stderr}@@readme-check %{http_code}\\n' "$@" 2>"$err"
            rc=$?
            grep -v '^@@readme-check ' "$err" >&2
            codes=$(sed -n 's/^@@readme-check //p' "$err")
            rm -f "$err"
            [ "$rc" -eq 0 ] || exit "$rc"
            for code in $codes; do
              if [ "$code" -ge 500 ] || { [ -z "$README_CHECK_ERRORS_OK" ] && [ "$code" -ge 400 ]; }; then
                echo "readme-check: HTTP $code from: curl $*" >&2
                exit 22
              fi
            done
            echo >&2 # the answers end without a newline: keep the trace readable
            """;

    record Block(int line, boolean errorsOk, String script) {
    }

    /** The marked blocks of {@code readme}, in order. */
    static List<Block> blocks(List<String> readme) {
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < readme.size(); i++) {
            String marker = readme.get(i).strip();
            if (!marker.equals(MARKER) && !marker.equals(MARKER_ERRORS_OK)) {
                continue;
            }
            String fence = i + 1 < readme.size() ? readme.get(i + 1).strip() : "";
            assertTrue(fence.equals("```sh") || fence.equals("```bash"),
                    "README line " + (i + 1) + ": " + marker + " must directly precede a ```sh block");
            StringBuilder script = new StringBuilder();
            int j = i + 2;
            for (; j < readme.size() && !readme.get(j).strip().equals("```"); j++) {
                script.append(readme.get(j)).append('\n');
            }
            assertTrue(j < readme.size(), "README line " + (i + 2) + ": the block never ends");
            blocks.add(new Block(i + 3, marker.equals(MARKER_ERRORS_OK), script.toString()));
            i = j;
        }
        return blocks;
    }

    @Test
    void everyMarkedBlockRunsAsPasted() throws Exception {
        Path readme = locate("README.md");
        List<Block> blocks = blocks(Files.readAllLines(readme, StandardCharsets.UTF_8));
        assertTrue(blocks.size() >= 5, "marked blocks in the README: " + blocks.size());
        Map<String, Path> tools = requireTools();

        Path work = TempDirs.newDir("atlas-readme-");
        Files.createSymbolicLink(work.resolve("examples"), readme.getParent().resolve("examples"));
        Path bin = Files.createDirectory(work.resolve(".bin"));
        Path curl = bin.resolve("curl");
        Files.writeString(curl, CURL);
        Files.setPosixFilePermissions(curl, PosixFilePermissions.fromString("rwxr-xr-x"));

        try (JarProcess server = JarProcess.start(Map.of("ATLAS_PORT", "0",
                "ATLAS_DATA_DIR", TempDirs.newDir("atlas-readme-data-").toString()))) {
            int port = server.awaitReady();
            for (Block block : blocks) {
                run(block, block.script().replace("localhost:8080", "localhost:" + port), work, bin,
                        tools.get("curl"));
            }
        }
    }

    private static void run(Block block, String script, Path work, Path bin, Path realCurl) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-e", "-o", "pipefail", "-x", "-c", script)
                .directory(work.toFile())
                .redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("PATH", bin + File.pathSeparator + env.getOrDefault("PATH", ""));
        env.put("REAL_CURL", realCurl.toString());
        env.put("README_CHECK_DIR", work.toString());
        env.put("TMPDIR", work.toString()); // whatever a command makes goes away with the scratch dir
        if (block.errorsOk()) {
            env.put("README_CHECK_ERRORS_OK", "1");
        } else {
            env.remove("README_CHECK_ERRORS_OK");
        }
        Process p = pb.start();
        p.getOutputStream().close();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(output lost: " + e + ")";
            }
        });
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("README block at line " + block.line() + " did not finish in 300 s:\n"
                    + output.getNow("(no output yet)"));
        }
        String out = output.get(10, TimeUnit.SECONDS);
        assertEquals(0, p.exitValue(), () -> "README block at line " + block.line() + " failed (bash -x trace):\n"
                + out.lines().skip(Math.max(0, out.lines().count() - 60)).collect(Collectors.joining("\n")));
    }

    /** The tools the README uses; missing ones fail under CI=true, else skip this test. */
    private static Map<String, Path> requireTools() {
        Map<String, Path> found = new java.util.HashMap<>();
        List<String> missing = new ArrayList<>();
        for (String tool : TOOLS) {
            Path path = which(tool);
            if (path == null) {
                missing.add(tool);
            } else {
                found.put(tool, path);
            }
        }
        if (!missing.isEmpty()) {
            String msg = "the README's commands need " + missing + " on the PATH";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(msg);
            }
            Assumptions.abort(msg);
        }
        return found;
    }

    private static Path which(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, tool);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** {@code name} in the repository root (the module's parent when run by Maven). */
    static Path locate(String name) throws IOException {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(name)) && Files.isDirectory(dir.resolve("examples"))) {
                return dir.resolve(name).toRealPath();
            }
        }
        throw new IOException(name + " not found above " + Path.of("").toAbsolutePath());
    }
}
