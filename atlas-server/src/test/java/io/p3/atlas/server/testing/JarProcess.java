package io.p3.atlas.server.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged server ({@code atlas-server/target/atlas-server.jar}, built before failsafe runs) as a
 * separate OS process, for what only a real process shows: exit codes, start-up messages, kill -9.
 */
public final class JarProcess implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("ready on port (\\d+)");

    private final Process process;
    private final List<String> output = Collections.synchronizedList(new ArrayList<>());
    private final CompletableFuture<Integer> port = new CompletableFuture<>();
    private final Thread reader;

    private JarProcess(Process process) {
        this.process = process;
        this.reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    output.add(line);
                    Matcher m = READY.matcher(line);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                }
            } catch (IOException ignored) {
                // process ended
            }
            port.completeExceptionally(new IllegalStateException("server exited before ready: " + output));
        }, "jar-process-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code java -jar atlas-server.jar} with exactly {@code env} added to a clean environment. */
    public static JarProcess start(Map<String, String> env) throws IOException {
        Path jar = Path.of(System.getProperty("atlas.jar", "target/atlas-server.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the runnable jar is missing: " + jar.toAbsolutePath()
                    + " (failsafe runs after package)");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // Its temp files go where the tests' go (target/tmp in the build), checked by TempDirs.
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m",
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"), "-jar", jar.toString())
                .redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("ATLAS_") || k.equals("DATABASE_URL"));
        pb.environment().putAll(env);
        return new JarProcess(pb.start());
    }

    /** The port from the "ready on port N" line; fails if the process exits first. */
    public int awaitReady() throws Exception {
        return port.get(60, TimeUnit.SECONDS);
    }

    /** Waits for exit and returns the exit code. */
    public int awaitExit() throws InterruptedException {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("process did not exit: " + output);
        }
        reader.join(10_000);
        return process.exitValue();
    }

    /** SIGKILL: no shutdown hooks, no flushing. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM: graceful shutdown. (Process.destroy() would also close our end of its output.) */
    public int terminate() throws InterruptedException {
        process.toHandle().destroy();
        return awaitExit();
    }

    /** The {@code java -jar} process (the server itself runs in its child JVM when the jar has its archive). */
    public ProcessHandle handle() {
        return process.toHandle();
    }

    public List<String> output() {
        synchronized (output) {
            return List.copyOf(output);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill9();
        }
    }
}
