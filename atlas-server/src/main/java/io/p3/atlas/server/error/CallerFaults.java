package io.p3.atlas.server.error;

import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Protocol violations by the caller that gRPC libraries report as INTERNAL (a unary call without a request
 * message, a compressed frame without an encoding, a cut frame) become INVALID_ARGUMENT; statuses never
 * carry Java class names; messages are cut to a size every client's header limit accepts. As an
 * interceptor it sees every status a call is closed with, including grpc-java's own.
 */
public final class CallerFaults implements ServerInterceptor {
    /** Longest status message: grpc-message and the details travel in headers (clients allow 8 KiB). */
    static final int MAX_MESSAGE_CHARS = 400;
    private static final Pattern CLASS_PREFIX = Pattern.compile("^(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*:\\s*");
    private static final Map<String, String> PROTOCOL = Map.of(
            "Half-closed without a request", "the call carried no request message",
            "Too many requests", "a unary call takes exactly one request message",
            "Can't decode compressed frame as compression not configured",
            "a compressed message frame came without a grpc-encoding header");

    @Override
    public <I, O> ServerCall.Listener<I> interceptCall(ServerCall<I, O> call, Metadata headers,
                                                      ServerCallHandler<I, O> next) {
        return next.startCall(new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                super.close(sanitize(status), trailers);
            }
        }, headers);
    }

    /** The caller-facing form of {@code status}. */
    static Status sanitize(Status status) {
        String d = status.getDescription();
        if (d == null) {
            return status;
        }
        String clean = CLASS_PREFIX.matcher(d).replaceFirst("");
        if (status.getCode() == Status.Code.INTERNAL && status.getCause() == null) {
            for (Map.Entry<String, String> p : PROTOCOL.entrySet()) {
                if (clean.startsWith(p.getKey())) {
                    return Status.INVALID_ARGUMENT.withDescription("malformed request: " + p.getValue());
                }
            }
        }
        String shortened = shorten(clean);
        return shortened.equals(d) ? status : status.withDescription(shortened);
    }

    static String shorten(String message) {
        return message == null || message.length() <= MAX_MESSAGE_CHARS ? message
                : message.substring(0, MAX_MESSAGE_CHARS) + "…";
    }

    /**
     * For a request over the size cap (Armeria's ContentTooLargeException, or its 413 HttpStatusException when
     * the HTTP/2 decoder stops the stream): the limit in bytes (0 when unknown); -1 for anything else.
     */
    static long tooLargeLimit(Throwable t) {
        for (Throwable cur = t; cur != null; cur = cur.getCause() == cur ? null : cur.getCause()) {
            if (cur instanceof com.linecorp.armeria.common.ContentTooLargeException e) {
                return Math.max(0, e.maxContentLength());
            }
            if (cur instanceof com.linecorp.armeria.server.HttpStatusException e
                    && e.httpStatus() == com.linecorp.armeria.common.HttpStatus.REQUEST_ENTITY_TOO_LARGE) {
                return 0;
            }
        }
        return -1;
    }

    /** An index error while Armeria decodes request frames: the caller sent a cut or lying frame. */
    static boolean isBrokenFrame(Throwable t) {
        if (!(t instanceof IndexOutOfBoundsException)) {
            return false;
        }
        StackTraceElement[] stack = t.getStackTrace();
        for (int i = 0; i < Math.min(stack.length, 8); i++) {
            String c = stack[i].getClassName();
            if (c.endsWith("DecoderInput") || c.contains("Deframer")) {
                return true;
            }
        }
        return false;
    }
}
