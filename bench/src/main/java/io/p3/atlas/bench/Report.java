package io.p3.atlas.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints the table of one bench run and writes it as JSON: reads the run's measurement lines
 * ({@link Measurement}) and its target lines, both written by bench/run.sh:
 * <ul>
 *   <li>{@code T atlas_id ratio baseline_id min_throughput_ratio max_p99_ratio|-}: Atlas's throughput over
 *       the baseline's must be at least the minimum (and its p99 over the baseline's at most the maximum);
 *   <li>{@code T atlas_id max_ms - limit_ms -}: Atlas's p50 (a median time) must be at most the limit.
 * </ul>
 * <pre>java -cp … io.p3.atlas.bench.Report --run run.tsv --json bench/results/2026-01-01-all.json --title …</pre>
 */
public final class Report {
    private Report() {
    }

    record Target(String atlasId, String kind, String baselineId, double min, double maxP99) {
    }

    record Row(Measurement m, String ratio, String target, String result) {
    }

    public static void main(String[] argv) throws IOException {
        Args args = new Args(argv);
        Map<String, Measurement> measured = new LinkedHashMap<>();
        Map<String, Target> targets = new LinkedHashMap<>();
        List<String> settings = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args.get("run")))) {
            if (line.startsWith("M\t")) {
                Measurement m = Measurement.parse(line);
                measured.put(m.id(), m);
            } else if (line.startsWith("T\t")) {
                String[] f = line.split("\t", -1);
                targets.put(f[1], new Target(f[1], f[2], f[3], Measurement.value(f[4]), Measurement.value(f[5])));
            } else if (line.startsWith("S\t")) {
                settings.add(line.substring(2));
            }
        }
        List<Row> rows = new ArrayList<>();
        for (Measurement m : measured.values()) {
            Target t = targets.get(m.id());
            rows.add(t == null ? new Row(m, "", "", "") : judge(m, t, measured));
        }
        print(args.get("title", "bench"), settings, rows);
        Files.createDirectories(Path.of(args.get("json")).toAbsolutePath().getParent());
        Files.writeString(Path.of(args.get("json")), json(args.get("title", "bench"), settings, rows));
        System.out.println("results: " + args.get("json"));
    }

    static Row judge(Measurement m, Target t, Map<String, Measurement> measured) {
        if (t.kind().equals("max_ms")) {
            double v = Measurement.value(m.p50Ms());
            String target = "≤ " + time(t.min());
            if (Double.isNaN(v)) {
                return new Row(m, "—", target, "FAILED");
            }
            return new Row(m, "—", target, v <= t.min() ? "pass" : String.format(Locale.ROOT, "MISS (%.1f× over)",
                    v / t.min()));
        }
        Measurement base = measured.get(t.baselineId());
        String target = "≥ " + t.min() + "×" + (Double.isNaN(t.maxP99()) ? "" : ", p99 ≤ " + t.maxP99() + "×");
        double a = Measurement.value(m.throughput());
        double b = base == null ? Double.NaN : Measurement.value(base.throughput());
        if (Double.isNaN(a) || Double.isNaN(b) || b == 0) {
            return new Row(m, "—", target, "FAILED");
        }
        double ratio = a / b;
        if (Double.isNaN(t.min())) {
            return new Row(m, String.format(Locale.ROOT, "%.2f× (p99 %.2f×)", ratio,
                    Measurement.value(m.p99Ms()) / Measurement.value(base.p99Ms())), "none set", "");
        }
        boolean pass = ratio >= t.min();
        String ratioText = String.format(Locale.ROOT, "%.2f×", ratio);
        String miss = pass ? "" : String.format(Locale.ROOT, "throughput %.1f× short", t.min() / ratio);
        if (!Double.isNaN(t.maxP99())) {
            double p99 = Measurement.value(m.p99Ms()) / Measurement.value(base.p99Ms());
            ratioText += String.format(Locale.ROOT, " (p99 %.2f×)", p99);
            if (!(p99 <= t.maxP99())) {
                pass = false;
                miss += (miss.isEmpty() ? "" : ", ") + String.format(Locale.ROOT, "p99 %.1f× over", p99 / t.maxP99());
            }
        }
        return new Row(m, ratioText, target, pass ? "pass" : "MISS (" + miss + ")");
    }

    private static void print(String title, List<String> settings, List<Row> rows) {
        String[] head = {"workload", "conns", "throughput", "p50", "p99", "p99.9", "errors", "ratio", "target",
                "result"};
        List<String[]> cells = new ArrayList<>();
        cells.add(head);
        for (Row r : rows) {
            Measurement m = r.m();
            cells.add(new String[] {m.label(), m.connections(), throughput(m), time(Measurement.value(m.p50Ms())),
                    time(Measurement.value(m.p99Ms())), time(Measurement.value(m.p999Ms())), m.errors(), r.ratio(),
                    r.target(), r.result()});
        }
        System.out.println();
        System.out.println(title);
        settings.forEach(s -> System.out.println("  " + s));
        StringBuilder out = new StringBuilder();
        for (String[] row : cells) {
            out.append('|');
            for (String c : row) {
                out.append(' ').append(c).append(" |");
            }
            out.append('\n');
            if (row == head) {
                out.append("|---".repeat(head.length)).append("|\n");
            }
        }
        System.out.print(out);
        rows.stream().filter(r -> !r.m().note().matches("|wrk -t\\d+|grpc-java generator|pgbench .*")).forEach(r ->
                System.out.println("  " + r.m().label() + ": " + r.m().note()));
    }

    static String throughput(Measurement m) {
        double v = Measurement.value(m.throughput());
        return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%,.0f %s", v, m.unit());
    }

    /** Milliseconds as "0.42 ms", "184 ms" or "8.9 s". */
    static String time(double ms) {
        if (Double.isNaN(ms)) {
            return "—";
        }
        if (ms >= 1000) {
            return String.format(Locale.ROOT, "%.2f s", ms / 1000);
        }
        return String.format(Locale.ROOT, ms >= 100 ? "%.0f ms" : ms >= 10 ? "%.1f ms" : "%.2f ms", ms);
    }

    private static String json(String title, List<String> settings, List<Row> rows) {
        StringBuilder j = new StringBuilder("{\n  \"title\": ").append(str(title)).append(",\n  \"settings\": [");
        for (int i = 0; i < settings.size(); i++) {
            j.append(i == 0 ? "" : ", ").append(str(settings.get(i)));
        }
        j.append("],\n  \"rows\": [\n");
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            Measurement m = r.m();
            j.append("    {\"id\": ").append(str(m.id())).append(", \"label\": ").append(str(m.label()))
                    .append(", \"connections\": ").append(numOrNull(m.connections()))
                    .append(", \"seconds\": ").append(numOrNull(m.seconds()))
                    .append(", \"throughput\": ").append(numOrNull(m.throughput()))
                    .append(", \"unit\": ").append(str(m.unit()))
                    .append(", \"p50_ms\": ").append(numOrNull(m.p50Ms()))
                    .append(", \"p99_ms\": ").append(numOrNull(m.p99Ms()))
                    .append(", \"p999_ms\": ").append(numOrNull(m.p999Ms()))
                    .append(", \"errors\": ").append(str(m.errors()))
                    .append(", \"ratio\": ").append(str(r.ratio()))
                    .append(", \"target\": ").append(str(r.target()))
                    .append(", \"result\": ").append(str(r.result()))
                    .append(", \"note\": ").append(str(m.note())).append('}')
                    .append(i + 1 < rows.size() ? ",\n" : "\n");
        }
        return j.append("  ]\n}\n").toString();
    }

    private static String numOrNull(String v) {
        return Double.isNaN(Measurement.value(v)) ? "null" : v;
    }

    private static String str(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
