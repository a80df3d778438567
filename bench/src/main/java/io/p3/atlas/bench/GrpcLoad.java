package io.p3.atlas.bench;

import com.google.protobuf.Message;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.p3.atlas.v1.CatalogServiceGrpc;
import io.p3.atlas.v1.GetChannelRequest;
import io.p3.atlas.v1.ListChannelsRequest;
import io.p3.atlas.v1.NodeServiceGrpc;
import io.p3.atlas.v1.TrackContentServedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Closed-loop gRPC load: {@code --connections} callers, each on its own HTTP/2 connection, each sending
 * its next call as soon as the previous one answered, for {@code --warmup} (not recorded), longer until the
 * JIT settled ({@code --settle-pid} of the JVM under test, {@code --settle-ms} per {@code --settle-step},
 * {@code --warmup-max} at most; see {@link JitSettle}), then {@code --duration}. The same generator drives
 * Atlas and the minimal grpc-java baseline, so their ratio is fair. Appends one measurement line (see
 * {@link Measurement}) to {@code --out}.
 *
 * <pre>
 * java -cp … io.p3.atlas.bench.GrpcLoad --target 127.0.0.1:8080 --rpc list-channels --group "Group 07" \
 *      --connections 64 --duration 10s --warmup 3s --id grpc-list-atlas --label "Atlas gRPC" --out m.tsv
 * </pre>
 * RPCs: {@code list-channels} (--group, --page-size), {@code get-channel} (--channel-id),
 * {@code track-content} (--wallets: wallets picked at random among 0x000…0 to wallets-1).
 */
public final class GrpcLoad {
    private GrpcLoad() {
    }

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        String[] hostPort = args.get("target").split(":");
        int connections = args.getInt("connections", 64);
        double warmup = args.seconds("warmup", "3s");
        double warmupMax = Math.max(warmup, args.seconds("warmup-max", "0"));
        double step = args.seconds("settle-step", "5s");
        JitSettle jit = new JitSettle(args.get("settle-pid", ""), args.getInt("settle-ms", 250));
        double duration = args.seconds("duration", "10s");
        Call call = call(args);

        List<ManagedChannel> channels = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            channels.add(ManagedChannelBuilder.forAddress(hostPort[0], Integer.parseInt(hostPort[1]))
                    .usePlaintext().directExecutor().maxInboundMessageSize(64 << 20).build());
        }
        try {
            String warmed = warmUp(channels, call, warmup, warmupMax, step, jit);
            System.out.println("measuring after " + warmed);
            Histogram latencies = new ConcurrentHistogram(3_600_000_000L, 3);
            AtomicLong errors = new AtomicLong();
            long ok = run(channels, call, duration, latencies, errors);
            Measurement.of(args.get("id"), args.get("label"), connections, duration, ok / duration, "req/s",
                    latencies, errors.get(), args.get("note", "grpc-java generator") + "; " + warmed)
                    .appendTo(args.get("out"));
            System.out.printf("%s: %,.0f req/s, p50 %.2f ms, p99 %.2f ms, errors %d%n", args.get("label"),
                    ok / duration, latencies.getValueAtPercentile(50) / 1000.0,
                    latencies.getValueAtPercentile(99) / 1000.0, errors.get());
        } finally {
            for (ManagedChannel c : channels) {
                c.shutdownNow();
            }
        }
    }

    /**
     * Unrecorded load: {@code warmup} seconds, then steps of {@code step} while the JIT has not settled (see
     * {@link JitSettle}), {@code max} seconds at most in all. Returns what it did, for the measurement's note.
     */
    private static String warmUp(List<ManagedChannel> channels, Call call, double warmup, double max, double step,
                                 JitSettle jit) throws InterruptedException {
        run(channels, call, warmup, new ConcurrentHistogram(3_600_000_000L, 3), new AtomicLong());
        double warmed = warmup;
        long before = jit.compiledMs();
        while (warmed < max) {
            run(channels, call, step, new ConcurrentHistogram(3_600_000_000L, 3), new AtomicLong());
            warmed += step;
            long after = jit.compiledMs();
            if (jit.settled(before, after)) {
                return String.format("warm-up %.0f s, until the JIT settled (%d ms compiling in the last %.0f s)",
                        warmed, after - before, step);
            }
            before = after;
        }
        return String.format("warm-up %.0f s%s", warmed, max > warmup ? " (the maximum)" : "");
    }

    /** One RPC, started asynchronously; the observer gets exactly one completion. */
    @FunctionalInterface
    interface Call {
        void start(ManagedChannel channel, StreamObserver<Message> done);
    }

    private static Call call(Args args) {
        String rpc = args.get("rpc");
        switch (rpc) {
            case "list-channels": {
                ListChannelsRequest req = ListChannelsRequest.newBuilder().setGroup(args.get("group", ""))
                        .setPageSize(args.getInt("page-size", 50)).build();
                return (ch, done) -> CatalogServiceGrpc.newStub(ch).listChannels(req, cast(done));
            }
            case "get-channel": {
                GetChannelRequest req = GetChannelRequest.newBuilder().setId(args.get("channel-id")).build();
                return (ch, done) -> CatalogServiceGrpc.newStub(ch).getChannel(req, cast(done));
            }
            case "track-content": {
                int wallets = args.getInt("wallets", 10_000);
                TrackContentServedRequest[] reqs = new TrackContentServedRequest[wallets];
                for (int i = 0; i < wallets; i++) {
                    reqs[i] = TrackContentServedRequest.newBuilder().setWalletAddress(wallet(i))
                            .setBytes(1_048_576).setTasksCompleted(1).build();
                }
                return (ch, done) -> NodeServiceGrpc.newStub(ch).trackContentServed(
                        reqs[ThreadLocalRandom.current().nextInt(wallets)], cast(done));
            }
            default:
                throw new IllegalArgumentException("unknown --rpc " + rpc);
        }
    }

    /** The wallet the HTTP generator (bench/lua/node-writes.lua) uses for the same index. */
    static String wallet(int i) {
        return String.format("0x%040x", i);
    }

    @SuppressWarnings("unchecked")
    private static <T> StreamObserver<T> cast(StreamObserver<Message> o) {
        return (StreamObserver<T>) (StreamObserver<?>) o;
    }

    /** Runs every connection's loop for {@code seconds}; returns the calls that succeeded. */
    private static long run(List<ManagedChannel> channels, Call call, double seconds, Histogram latencies,
                            AtomicLong errors) throws InterruptedException {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        AtomicLong ok = new AtomicLong();
        CountDownLatch finished = new CountDownLatch(channels.size());
        for (ManagedChannel channel : channels) {
            new Loop(channel, call, deadline, (micros, success) -> {
                if (success) {
                    latencies.recordValue(micros);
                    ok.incrementAndGet();
                } else {
                    errors.incrementAndGet();
                }
            }, finished).next();
        }
        if (!finished.await((long) seconds + 60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("calls still pending 60 s after the end of the run");
        }
        return ok.get();
    }

    /** One connection's closed loop: the next call starts when the previous one completes. */
    private static final class Loop implements StreamObserver<Message> {
        private final ManagedChannel channel;
        private final Call call;
        private final long deadline;
        private final BiConsumer<Long, Boolean> record;
        private final CountDownLatch finished;
        private long started;

        Loop(ManagedChannel channel, Call call, long deadline, BiConsumer<Long, Boolean> record,
             CountDownLatch finished) {
            this.channel = channel;
            this.call = call;
            this.deadline = deadline;
            this.record = record;
            this.finished = finished;
        }

        void next() {
            started = System.nanoTime();
            if (started >= deadline) {
                finished.countDown();
                return;
            }
            call.start(channel, this);
        }

        @Override
        public void onNext(Message value) {
            // the response itself is not needed; its arrival is.
        }

        @Override
        public void onError(Throwable t) {
            record.accept((System.nanoTime() - started) / 1000, false);
            next();
        }

        @Override
        public void onCompleted() {
            record.accept((System.nanoTime() - started) / 1000, true);
            next();
        }
    }
}
