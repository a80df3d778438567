package io.p3.atlas.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * One measured side of a scenario, as one tab-separated line of the run's measurements file (written by
 * the Java generators and by bench/run.sh for wrk, pgbench, COPY and timings alike):
 * {@code M id label connections seconds throughput unit p50_ms p99_ms p999_ms errors note};
 * {@code -} for a value that does not apply.
 */
record Measurement(String id, String label, String connections, String seconds, String throughput, String unit,
                   String p50Ms, String p99Ms, String p999Ms, String errors, String note) {

    static Measurement of(String id, String label, int connections, double seconds, double throughput,
                          String unit, Histogram micros, long errors, String note) {
        return new Measurement(id, label, Integer.toString(connections), num(seconds), num(throughput), unit,
                num(micros.getValueAtPercentile(50) / 1000.0), num(micros.getValueAtPercentile(99) / 1000.0),
                num(micros.getValueAtPercentile(99.9) / 1000.0), Long.toString(errors), note);
    }

    static Measurement parse(String line) {
        String[] f = line.split("\t", -1);
        if (f.length != 12 || !f[0].equals("M")) {
            throw new IllegalArgumentException("not a measurement line: " + line);
        }
        return new Measurement(f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9], f[10], f[11]);
    }

    void appendTo(String file) throws IOException {
        String line = String.join("\t", "M", id, label, connections, seconds, throughput, unit, p50Ms, p99Ms,
                p999Ms, errors, note.replace('\t', ' ')) + "\n";
        Files.writeString(Path.of(file), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    /** The value, or NaN for "-". */
    static double value(String field) {
        return field.equals("-") || field.isEmpty() ? Double.NaN : Double.parseDouble(field);
    }

    static String num(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
