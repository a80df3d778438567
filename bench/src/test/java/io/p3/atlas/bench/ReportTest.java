package io.p3.atlas.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pass/miss arithmetic of the benchmark table (no benchmark runs here). */
class ReportTest {
    private static Measurement m(String id, String throughput, String p50, String p99) {
        return new Measurement(id, id, "64", "10", throughput, "req/s", p50, p99, "-", "0", "");
    }

    @Test
    void throughputRatioBelowTargetIsAMissSayingHowFarShort() {
        Measurement atlas = m("a", "600", "1", "10");
        Measurement base = m("b", "30000", "1", "5");
        Report.Row row = Report.judge(atlas, new Report.Target("a", "ratio", "b", 0.3, Double.NaN),
                Map.of("a", atlas, "b", base));
        assertEquals("0.02×", row.ratio());
        assertEquals("MISS (throughput 15.0× short)", row.result());
    }

    @Test
    void p99LimitFailsARowWhoseThroughputPasses() {
        Measurement atlas = m("a", "900", "1", "40");
        Measurement base = m("b", "1000", "1", "20");
        Report.Row row = Report.judge(atlas, new Report.Target("a", "ratio", "b", 0.8, 1.5),
                Map.of("a", atlas, "b", base));
        assertEquals("0.90× (p99 2.00×)", row.ratio());
        assertEquals("MISS (p99 1.3× over)", row.result());
    }

    @Test
    void ratioAtTargetPasses() {
        Measurement atlas = m("a", "2000", "1", "10");
        Measurement base = m("b", "1000", "1", "10");
        Report.Row row = Report.judge(atlas, new Report.Target("a", "ratio", "b", 2, Double.NaN),
                Map.of("a", atlas, "b", base));
        assertEquals("pass", row.result());
    }

    @Test
    void timeLimitComparesTheMedian() {
        Measurement slow = m("c", "-", "8900", "-");
        assertEquals("MISS (4.5× over)",
                Report.judge(slow, new Report.Target("c", "max_ms", "-", 2000, Double.NaN), Map.of()).result());
        Measurement fast = m("c", "-", "1500", "-");
        assertEquals("pass",
                Report.judge(fast, new Report.Target("c", "max_ms", "-", 2000, Double.NaN), Map.of()).result());
    }

    @Test
    void missingBaselineIsReportedAsFailed() {
        Measurement atlas = m("a", "100", "1", "1");
        assertEquals("FAILED", Report.judge(atlas, new Report.Target("a", "ratio", "gone", 0.5, Double.NaN),
                Map.of("a", atlas)).result());
    }
}
