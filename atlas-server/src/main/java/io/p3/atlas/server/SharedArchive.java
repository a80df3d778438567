package io.p3.atlas.server;

import io.p3.atlas.server.config.EnvReader;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Class-data sharing for {@code java -jar atlas-server.jar}: the build leaves an AppCDS archive of the
 * server's classes beside the jar ({@code atlas-server.jsa}, made by {@link SharedArchiveTraining}), and
 * loading ~11 000 classes from it instead of parsing them from the jar is most of a fast start. A JVM
 * only maps an archive named on its command line, so {@link Main} starts the server in a child JVM with
 * the same options plus {@code -XX:SharedArchiveFile} and waits for it: same output, same exit code;
 * SIGTERM (Ctrl-C) is passed on and the child stops gracefully; if this JVM is killed outright, the child
 * sees its stdin close and halts at once, as if it had been killed too. The server runs in this JVM
 * instead when there is no archive (or it is older than the jar), when {@code ATLAS_CDS=false}, when the
 * command line already chooses CDS or starts an agent, a debugger or a flight recording
 * ({@link #NO_ARCHIVE_WITH}), or when the command line cannot be read.
 */
final class SharedArchive {
    /** Set on the child's command line. */
    static final String CHILD_PROPERTY = "atlas.cds.child";
    /**
     * The child's JIT waits for five times the usual call and loop counts before it compiles a method. Most of a
     * cold start's CPU on two cores was the JIT compiling start-up code that never runs again (3.5 s of CPU for a
     * 2.2 s start, the JIT threads competing with the main thread); with this, 2.3 s of CPU and 1.84 s (median of
     * 7 starts). Hot code is compiled all the same a moment later under load: the benchmarks' steady-state
     * throughput did not change, only their JIT warm-up is a little longer.
     */
    static final String COMPILE_THRESHOLD_SCALING = "-XX:CompileThresholdScaling=5";
    /**
     * Options after which the server runs in this JVM, without the archive: the caller chose CDS itself, or
     * started an agent or a flight recording. JDK 17 builds without the fix for JDK-8343427 crash when a
     * class-file-load hook (agents, JFR) is on while a class of a multi-release jar is loaded from an
     * archive, and this jar is one.
     */
    static final List<String> NO_ARCHIVE_WITH = List.of("-XX:SharedArchiveFile", "-XX:ArchiveClassesAtExit",
            "-Xshare", "-XX:StartFlightRecording", "-XX:+FlightRecorder", "-javaagent", "-agentlib", "-agentpath",
            "-Xrun");

    private SharedArchive() {
    }

    /** In the child: halts when the parent JVM is gone (its end of our stdin closed). */
    static void watchParent() {
        if (System.getProperty(CHILD_PROPERTY) == null) {
            return;
        }
        Thread watchdog = new Thread(() -> {
            try {
                InputStream in = System.in;
                while (in.read() >= 0) {
                    // nothing is ever sent; only the end matters
                }
            } catch (IOException e) {
                // the pipe broke: the parent is gone as well
            }
            Runtime.getRuntime().halt(137);
        }, "atlas-parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /**
     * Runs the server in a child JVM with the archive and returns its exit code, or empty to run the
     * server in this JVM.
     */
    static Optional<Integer> runInChild(String[] args) {
        if (System.getProperty(CHILD_PROPERTY) != null
                || !new EnvReader(System.getenv()).bool("ATLAS_CDS", true)) {
            return Optional.empty();
        }
        Optional<List<String>> command = childCommand(args);
        if (command.isEmpty()) {
            return Optional.empty();
        }
        Process child;
        try {
            child = new ProcessBuilder(command.get()).redirectOutput(ProcessBuilder.Redirect.INHERIT)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            return Optional.empty();
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(child), "atlas-stop-child"));
        while (true) {
            try {
                return Optional.of(child.waitFor());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop(child);
            }
        }
    }

    /**
     * SIGTERM, then waits for the graceful shutdown to finish. Through the process handle: {@code
     * Process.destroy()} would also close the child's stdin, which the child takes for this JVM's death.
     */
    private static void stop(Process child) {
        if (child.isAlive()) {
            child.toHandle().destroy();
            try {
                child.waitFor(5, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** This JVM's command line with the archive added, if it was {@code java [options] -jar <this jar>}. */
    static Optional<List<String>> childCommand(String[] args) {
        Optional<Path> jar = runningJar();
        ProcessHandle.Info self = ProcessHandle.current().info();
        if (jar.isEmpty() || self.command().isEmpty() || self.arguments().isEmpty()
                || !isUsable(archiveFor(jar.get()), jar.get())) {
            return Optional.empty();
        }
        return command(self.command().get(), List.of(self.arguments().get()), jar.get(), args);
    }

    /**
     * The child's command for a JVM started as {@code java} with {@code selfArgs}: its options, the archive
     * beside {@code jar}, and the same jar and arguments; empty unless it was started with {@code -jar} and
     * none of {@link #NO_ARCHIVE_WITH}.
     */
    static Optional<List<String>> command(String java, List<String> selfArgs, Path jar, String[] args) {
        List<String> jvmOptions = new ArrayList<>();
        boolean sawJar = false;
        for (String a : selfArgs) {
            if (a.equals("-jar")) {
                sawJar = true;
                break;
            }
            if (NO_ARCHIVE_WITH.stream().anyMatch(a::startsWith)) {
                return Optional.empty();
            }
            jvmOptions.add(a);
        }
        if (!sawJar) {
            return Optional.empty();
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.add(COMPILE_THRESHOLD_SCALING); // before the caller's options: a -XX:CompileThresholdScaling of theirs wins
        cmd.addAll(jvmOptions);
        cmd.add("-XX:SharedArchiveFile=" + archiveFor(jar));
        // A JDK other than the one that made the archive ignores it; say nothing, start anyway.
        cmd.add("-Xshare:auto");
        cmd.add("-Xlog:cds=off");
        cmd.add("-Xlog:cds+dynamic=off");
        cmd.add("-D" + CHILD_PROPERTY + "=true");
        cmd.add("-jar");
        cmd.add(jar.toString());
        cmd.addAll(List.of(args));
        return Optional.of(cmd);
    }

    /** {@code atlas-server.jsa} beside {@code atlas-server.jar}. */
    static Path archiveFor(Path jar) {
        String name = jar.getFileName().toString();
        return jar.resolveSibling(name.substring(0, name.length() - ".jar".length()) + ".jsa");
    }

    private static boolean isUsable(Path archive, Path jar) {
        try {
            return Files.isRegularFile(archive)
                    && Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar)) >= 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static Optional<Path> runningJar() {
        try {
            Path p = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return p.toString().endsWith(".jar") && Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
