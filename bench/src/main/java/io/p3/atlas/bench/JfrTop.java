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
 * Where the time went in a JFR recording. CPU: {@code jdk.ExecutionSample} (threads running Java code) by
 * thread, by self method (top frame), by total (anywhere on the stack), and the Atlas frames
 * ({@code --focus} prefix, default {@code io.p3.atlas}) with their line. Waiting: {@code jdk.NativeMethodSample}
 * (threads inside native code: socket reads, epoll, file I/O) by thread and by the innermost Atlas frame, which
 * shows e.g. which statement a writer thread waits on. Shares are of each kind's samples, counts follow
 * (with settings=profile a running thread is sampled every 10 ms, a thread in native code every 20 ms).
 * bench/run.sh runs it on the recording of every Atlas side when BENCH_PROFILE=1.
 *
 * <pre>java -cp … io.p3.atlas.bench.JfrTop --jfr server.jfr --top 25</pre>
 */
public final class JfrTop {
    private final String focus;
    private final Map<String, Integer> threads = new HashMap<>();
    private final Map<String, Integer> self = new HashMap<>();
    private final Map<String, Integer> total = new HashMap<>();
    private final Map<String, Integer> focused = new HashMap<>();
    private final Map<String, Integer> nativeThreads = new HashMap<>();
    private final Map<String, Integer> nativeFocus = new HashMap<>();
    private final Map<String, Integer> nativeTop = new HashMap<>();
    private int samples;
    private int nativeSamples;

    private JfrTop(String focus) {
        this.focus = focus;
    }

    public static void main(String[] argv) throws IOException {
        Args args = new Args(argv);
        int top = args.getInt("top", 25);
        JfrTop t = new JfrTop(args.get("focus", "io.p3.atlas"));
        for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(args.get("jfr")))) {
            String type = e.getEventType().getName();
            if (type.equals("jdk.ExecutionSample")) {
                t.cpu(e);
            } else if (type.equals("jdk.NativeMethodSample")) {
                t.waiting(e);
            }
        }
        System.out.printf("%d execution samples (threads running Java), %d native samples (threads in native code)%n",
                t.samples, t.nativeSamples);
        print("CPU by thread", t.threads, t.samples, 12);
        print("CPU, self time (top frame)", t.self, t.samples, top);
        print("CPU, total time (anywhere on the stack)", t.total, t.samples, top);
        print("CPU, total time in " + t.focus + " (method:line)", t.focused, t.samples, top);
        print("in native code, by thread", t.nativeThreads, t.nativeSamples, 12);
        print("in native code, native method < its caller", t.nativeTop, t.nativeSamples, top);
        print("in native code, innermost " + t.focus + " frame (thread group: method:line)", t.nativeFocus,
                t.nativeSamples, top);
    }

    private void cpu(RecordedEvent e) {
        RecordedStackTrace st = e.getStackTrace();
        if (st == null || st.getFrames().isEmpty()) {
            return;
        }
        samples++;
        List<RecordedFrame> frames = st.getFrames();
        self.merge(name(frames.get(0)), 1, Integer::sum);
        Set<String> seen = new HashSet<>();
        Set<String> seenFocus = new HashSet<>();
        for (RecordedFrame f : frames) {
            String n = name(f);
            if (seen.add(n)) {
                total.merge(n, 1, Integer::sum);
            }
            if (n.startsWith(focus) && seenFocus.add(n + ":" + f.getLineNumber())) {
                focused.merge(n + ":" + f.getLineNumber(), 1, Integer::sum);
            }
        }
        threads.merge(thread(e), 1, Integer::sum);
    }

    private void waiting(RecordedEvent e) {
        RecordedStackTrace st = e.getStackTrace();
        if (st == null) {
            return;
        }
        nativeSamples++;
        String thread = thread(e);
        nativeThreads.merge(thread, 1, Integer::sum);
        String inner = st.getFrames().stream().filter(f -> name(f).startsWith(focus)).findFirst()
                .map(f -> name(f) + ":" + f.getLineNumber()).orElse("(no " + focus + " frame)");
        nativeFocus.merge(thread + ": " + inner, 1, Integer::sum);
        if (!st.getFrames().isEmpty()) {
            List<RecordedFrame> frames = st.getFrames();
            String caller = frames.size() > 1 ? " < " + name(frames.get(1)) : "";
            nativeTop.merge(thread + ": " + name(frames.get(0)) + caller, 1, Integer::sum);
        }
    }

    private static String thread(RecordedEvent e) {
        var t = e.getThread("sampledThread");
        String name = t == null ? null : t.getJavaName();
        return name == null ? "?" : name.replaceAll("\\d+", "N");
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    private static void print(String title, Map<String, Integer> counts, int samples, int top) {
        System.out.println("\n== " + title);
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                .forEach(en -> System.out.printf("%6.1f%% %6d  %s%n", 100.0 * en.getValue() / Math.max(1, samples),
                        en.getValue(), en.getKey()));
    }
}
