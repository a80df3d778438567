package io.p3.atlas.server.testing;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Calls any RPC by name with raw message bytes, over grpc-java or gRPC-Web, and returns the final status:
 * for tests that sweep every method of every service (auth matrix, fuzzing) without per-RPC code.
 */
public final class RawCalls {
    /** The outcome of a call: gRPC status code and message, and the response headers/trailers seen. */
    public record Result(Status.Code code, String message, Metadata trailers, HttpHeaders httpHeaders) {
    }

    private RawCalls() {
    }

    /** One request message to {@code fullMethodName} of {@code type}; waits for the call to close. */
    public static Result grpc(Channel channel, String fullMethodName, MethodDescriptor.MethodType type, byte[] message,
                              Metadata headers) {
        MethodDescriptor<byte[], byte[]> method = MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(type).setFullMethodName(fullMethodName)
                .setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build();
        ClientCall<byte[], byte[]> call = channel.newCall(method, CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS));
        CompletableFuture<Result> done = new CompletableFuture<>();
        call.start(new ClientCall.Listener<>() {
            @Override
            public void onMessage(byte[] m) {
                call.request(1);
            }

            @Override
            public void onClose(Status status, Metadata trailers) {
                done.complete(new Result(status.getCode(), status.getDescription(), trailers, HttpHeaders.of()));
            }
        }, headers);
        call.request(1);
        call.sendMessage(message);
        call.halfClose();
        return done.orTimeout(30, TimeUnit.SECONDS).join();
    }

    /** One gRPC-Web (binary) request to {@code fullMethodName} with a length-prefixed {@code message}. */
    public static Result grpcWeb(String baseUri, String fullMethodName, byte[] message, Map<String, String> headers) {
        return grpcWebFramed(baseUri, fullMethodName, frame(message), headers);
    }

    /** A gRPC-Web request with {@code body} sent as is (e.g. a truncated frame). */
    public static Result grpcWebFramed(String baseUri, String fullMethodName, byte[] body, Map<String, String> headers) {
        var h = RequestHeaders.builder(HttpMethod.POST, "/" + fullMethodName)
                .contentType(MediaType.parse("application/grpc-web+proto")).add("x-grpc-web", "1");
        headers.forEach(h::add);
        AggregatedHttpResponse res = WebClient.of(baseUri).execute(h.build(), body).aggregate().join();
        String status = res.headers().get("grpc-status");
        String msg = res.headers().get("grpc-message");
        if (status == null) {
            ByteBuffer buf = ByteBuffer.wrap(res.content().array());
            while (buf.remaining() >= 5) {
                byte flags = buf.get();
                int len = buf.getInt();
                byte[] payload = new byte[Math.min(len, buf.remaining())];
                buf.get(payload);
                if ((flags & 0x80) != 0) {
                    for (String line : new String(payload, StandardCharsets.US_ASCII).split("\r\n")) {
                        int colon = line.indexOf(':');
                        if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("grpc-status")) {
                            status = line.substring(colon + 1).trim();
                        } else if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("grpc-message")) {
                            msg = line.substring(colon + 1).trim();
                        }
                    }
                }
            }
        }
        if (status == null) {
            throw new AssertionError("no grpc-status in a gRPC-Web response: HTTP " + res.status() + " " + res.contentUtf8());
        }
        return new Result(Status.fromCodeValue(Integer.parseInt(status)).getCode(), msg, new Metadata(), res.headers());
    }

    /** A gRPC length-prefixed message frame (uncompressed). */
    public static byte[] frame(byte[] message) {
        return ByteBuffer.allocate(5 + message.length).put((byte) 0).putInt(message.length).put(message).array();
    }

    /** Passes a message's bytes through unparsed (for calls forwarded or written by hand). */
    public static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };
}
