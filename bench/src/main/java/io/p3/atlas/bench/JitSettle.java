package io.p3.atlas.bench;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * When a JVM counts as warm: its JIT compiled less than {@code settleMs} in the last step of load. Watches the
 * JVM under test (by pid, through {@code jstat -compiler}) and this one (the generator's own JIT competes for
 * the same cores). The rule of {@code warm_up} in {@code bench/lib/measure.sh}, for the gRPC generator.
 */
final class JitSettle {
    private final String pid;
    private final long settleMs;

    /** @param pid the JVM under test, or empty for this JVM alone */
    JitSettle(String pid, long settleMs) {
        this.pid = pid;
        this.settleMs = settleMs;
    }

    /** True once less than {@code settleMs} was compiled from {@code before} to {@code after} ({@link #compiledMs}). */
    boolean settled(long before, long after) {
        return after - before < settleMs;
    }

    /** Compile time used so far (ms): the JVM under test's plus this JVM's. */
    long compiledMs() {
        CompilationMXBean own = ManagementFactory.getCompilationMXBean();
        long ms = own != null && own.isCompilationTimeMonitoringSupported() ? own.getTotalCompilationTime() : 0;
        return ms + (pid.isEmpty() ? 0 : other());
    }

    /** The JVM under test's compile time (ms) from {@code jstat -compiler}; 0 if it can't be read. */
    private long other() {
        Path jstat = Path.of(System.getProperty("java.home"), "bin", "jstat");
        String cmd = Files.isExecutable(jstat) ? jstat.toString() : "jstat";
        try {
            Process p = new ProcessBuilder(cmd, "-compiler", pid).redirectErrorStream(true).start();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return 0;
            }
            String[] lines = out.strip().split("\n");
            // Compiled Failed Invalid Time FailedType FailedMethod: Time is in seconds.
            return Math.round(Double.parseDouble(lines[lines.length - 1].trim().split("\\s+")[3]) * 1000);
        } catch (IOException | RuntimeException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }
}
