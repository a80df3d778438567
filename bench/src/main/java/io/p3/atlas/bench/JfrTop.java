package io.p3.atlas.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the CPU went in a JFR recording: the hottest methods by self time (top frame of
 * {@code jdk.ExecutionSample}), by total time (anywhere on the stack), and the hottest Atlas methods
 * ({@code --focus} prefix, default {@code io.p3.atlas}) by total time, each as a share of all samples.
 * bench/run.sh runs it on the recording of every scenario when BENCH_PROFILE=1.
 *
 * <pre>java -cp … io.p3.atlas.bench.JfrTop --jfr server.jfr --top 25</pre>
 */
public final class JfrTop {
    private JfrTop() {
    }

    public static void main(String[] argv) throws IOException {
        Args args = new Args(argv);
        int top = args.getInt("top", 25);
        String focus = args.get("focus", "io.p3.atlas");
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> total = new HashMap<>();
        Map<String, Integer> focused = new HashMap<>();
        Map<String, Integer> threads = new HashMap<>();
        int samples = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(args.get("jfr")))) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample")) {
                continue;
            }
            RecordedStackTrace st = e.getStackTrace();
            if (st == null || st.getFrames().isEmpty()) {
                continue;
            }
            samples++;
            List<RecordedFrame> frames = st.getFrames();
            self.merge(name(frames.get(0)), 1, Integer::sum);
            Set<String> seen = new HashSet<>();
            for (RecordedFrame f : frames) {
                String n = name(f);
                if (seen.add(n)) {
                    total.merge(n, 1, Integer::sum);
                    if (n.startsWith(focus)) {
                        focused.merge(n, 1, Integer::sum);
                    }
                }
            }
            String thread = e.getThread("sampledThread") == null ? "?" : e.getThread("sampledThread").getJavaName();
            threads.merge(thread == null ? "?" : thread.replaceAll("[-#]?\\d+$", "-N"), 1, Integer::sum);
        }
        System.out.printf("%d execution samples%n", samples);
        print("threads (share of samples)", threads, samples, 10);
        print("self time (top frame)", self, samples, top);
        print("total time (anywhere on the stack)", total, samples, top);
        print("total time in " + focus, focused, samples, top);
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    private static void print(String title, Map<String, Integer> counts, int samples, int top) {
        System.out.println("\n== " + title);
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                .forEach(en -> System.out.printf("%6.1f%%  %s%n", 100.0 * en.getValue() / Math.max(1, samples),
                        en.getKey()));
    }
}
