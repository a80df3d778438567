package io.p3.atlas.client;

import com.google.protobuf.Any;
import com.google.rpc.RetryInfo;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Context;
import io.grpc.HandlerRegistry;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.p3.atlas.server.testing.RawCalls;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A real grpc-java server (Netty, loopback, port 0) in front of the real Atlas server: it forwards every
 * call byte for byte, except the next calls of a method that a test scripted to fail, which it answers
 * itself. It records each call's arrival time and headers, so tests can count attempts and pages, see
 * the delay between attempts and check the headers the SDK sends.
 */
final class FrontServer implements AutoCloseable {
    /** One call as it reached the front server. */
    record Arrival(String method, long nanoTime, Metadata headers) {
        String authorization() {
            return headers.get(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER));
        }
    }

    private static final Metadata.Key<String> USER_AGENT = Metadata.Key.of("user-agent", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> CONTENT_TYPE = Metadata.Key.of("content-type", Metadata.ASCII_STRING_MARSHALLER);

    // One thread runs the server calls and the forwarded calls alike, so neither side is called concurrently.
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final Map<String, Queue<Supplier<StatusRuntimeException>>> failures = new ConcurrentHashMap<>();
    private final List<Arrival> arrivals = new CopyOnWriteArrayList<>();
    private final ManagedChannel backend;
    private final Server server;

    private FrontServer(int backendPort) throws IOException {
        this.backend = NettyChannelBuilder.forAddress("127.0.0.1", backendPort).usePlaintext().build();
        this.server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).executor(executor)
                .fallbackHandlerRegistry(new HandlerRegistry() {
                    @Override
                    public ServerMethodDefinition<?, ?> lookupMethod(String methodName, String authority) {
                        MethodDescriptor<byte[], byte[]> method = MethodDescriptor.<byte[], byte[]>newBuilder()
                                .setType(MethodDescriptor.MethodType.UNKNOWN).setFullMethodName(methodName)
                                .setRequestMarshaller(RawCalls.BYTES).setResponseMarshaller(RawCalls.BYTES).build();
                        return ServerMethodDefinition.create(method, handler());
                    }
                }).build().start();
    }

    /** Starts a front server forwarding to the Atlas server on {@code backendPort}. */
    static FrontServer start(int backendPort) throws IOException {
        return new FrontServer(backendPort);
    }

    /** {@code 127.0.0.1:port}, the target for {@link AtlasClient#builder(String)}. */
    String target() {
        return "127.0.0.1:" + server.getPort();
    }

    /** The next {@code times} calls of {@code method} fail with {@code code}. */
    FrontServer fail(MethodDescriptor<?, ?> method, int times, Status.Code code) {
        return script(method, times, () -> Status.fromCode(code).withDescription("scripted failure").asRuntimeException());
    }

    /** The next {@code times} calls of {@code method} fail with {@code code} carrying RetryInfo {@code delay}. */
    FrontServer failWithRetryInfo(MethodDescriptor<?, ?> method, int times, Status.Code code, Duration delay) {
        return script(method, times, () -> StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                .setCode(code.value()).setMessage("scripted failure, retry later")
                .addDetails(Any.pack(RetryInfo.newBuilder().setRetryDelay(com.google.protobuf.Duration.newBuilder()
                        .setSeconds(delay.getSeconds()).setNanos(delay.getNano())).build()))
                .build()));
    }

    private FrontServer script(MethodDescriptor<?, ?> method, int times, Supplier<StatusRuntimeException> failure) {
        Queue<Supplier<StatusRuntimeException>> queue =
                failures.computeIfAbsent(method.getFullMethodName(), m -> new ConcurrentLinkedQueue<>());
        for (int i = 0; i < times; i++) {
            queue.add(failure);
        }
        return this;
    }

    /** Every call of {@code method} that reached this server, in order of arrival. */
    List<Arrival> arrivals(MethodDescriptor<?, ?> method) {
        return arrivals.stream().filter(a -> a.method().equals(method.getFullMethodName()))
                .collect(Collectors.toList());
    }

    /** Every call that reached this server. */
    List<Arrival> arrivals() {
        return List.copyOf(arrivals);
    }

    int count(MethodDescriptor<?, ?> method) {
        return arrivals(method).size();
    }

    private ServerCallHandler<byte[], byte[]> handler() {
        return (serverCall, headers) -> {
            String name = serverCall.getMethodDescriptor().getFullMethodName();
            arrivals.add(new Arrival(name, System.nanoTime(), headers));
            Supplier<StatusRuntimeException> failure = failures.getOrDefault(name, new ConcurrentLinkedQueue<>()).poll();
            if (failure != null) {
                StatusRuntimeException e = failure.get();
                serverCall.close(e.getStatus(), e.getTrailers() == null ? new Metadata() : e.getTrailers());
                return new ServerCall.Listener<>() {
                };
            }
            return forward(serverCall, headers);
        };
    }

    private ServerCall.Listener<byte[]> forward(ServerCall<byte[], byte[]> serverCall, Metadata headers) {
        CallOptions options = CallOptions.DEFAULT.withExecutor(executor);
        if (Context.current().getDeadline() != null) {
            options = options.withDeadline(Context.current().getDeadline());
        }
        ClientCall<byte[], byte[]> call = backend.newCall(serverCall.getMethodDescriptor(), options);
        Metadata forwarded = new Metadata();
        forwarded.merge(headers);
        forwarded.discardAll(USER_AGENT);
        forwarded.discardAll(CONTENT_TYPE);
        call.start(new ClientCall.Listener<>() {
            @Override
            public void onHeaders(Metadata responseHeaders) {
                responseHeaders.discardAll(CONTENT_TYPE);
                serverCall.sendHeaders(responseHeaders);
            }

            @Override
            public void onMessage(byte[] message) {
                serverCall.sendMessage(message);
                call.request(1);
            }

            @Override
            public void onClose(Status status, Metadata trailers) {
                serverCall.close(status, trailers);
            }
        }, forwarded);
        call.request(1);
        serverCall.request(1);
        return new ServerCall.Listener<>() {
            @Override
            public void onMessage(byte[] message) {
                call.sendMessage(message);
                serverCall.request(1);
            }

            @Override
            public void onHalfClose() {
                call.halfClose();
            }

            @Override
            public void onCancel() {
                call.cancel("the client cancelled", null);
            }
        };
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        backend.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        executor.shutdownNow();
    }
}
