package io.p3.atlas.server.error;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The answer to a request refused before any service saw it (a concurrency limit, a message over the size
 * cap), rendered once and sent in the caller's protocol: gRPC gets HTTP 200 and trailers with
 * {@code grpc-status}, {@code grpc-message} and {@code grpc-status-details-bin}, gRPC-Web the same in a
 * trailers-only response (which browsers can read); everything else (HTTP/JSON, unframed JSON, /content)
 * gets the HTTP status and the one JSON error body of {@link JsonErrors}. A retry delay of the error is
 * left on the context ({@link GrpcErrors#RETRY_AFTER}) for the {@code Retry-After} header.
 */
public final class Refusal {
    private final AtlasException error;
    private final HttpStatus httpStatus;
    private final HttpHeaders grpcStatus;
    private final AggregatedHttpResponse json;

    /** {@code error}, answered over HTTP with {@code httpStatus}. */
    public Refusal(AtlasException error, HttpStatus httpStatus) {
        Metadata trailers = new Metadata();
        Status status = GrpcErrors.toStatus(error, trailers);
        com.google.rpc.Status details = StatusProto.fromStatusAndTrailers(status, trailers);
        this.error = error;
        this.httpStatus = httpStatus;
        this.grpcStatus = HttpHeaders.builder()
                .add("grpc-status", Integer.toString(status.getCode().value()))
                .add("grpc-message", grpcMessage(status.getDescription()))
                .add("grpc-status-details-bin", Base64.getEncoder().withoutPadding().encodeToString(details.toByteArray()))
                .build();
        this.json = JsonErrors.render(httpStatus, details);
    }

    /** The answer to {@code request} (by its content-type), from a decorator. */
    public HttpResponse respond(ServiceRequestContext ctx, RequestHeaders request) {
        ctx.setShouldReportUnloggedExceptions(false);
        if (error.retryAfter() != null) {
            ctx.setAttr(GrpcErrors.RETRY_AFTER, error.retryAfter());
        }
        return answer(request).toHttpResponse();
    }

    /** The answer to {@code request} (by its content-type), e.g. for {@code ServerErrorHandler.renderStatus}. */
    public AggregatedHttpResponse answer(RequestHeaders request) {
        MediaType type = request == null ? null : request.contentType();
        if (type == null || !type.subtype().startsWith("grpc")) {
            return json;
        }
        ResponseHeaders headers = ResponseHeaders.builder(HttpStatus.OK).contentType(type).build();
        if (type.subtype().startsWith("grpc-web")) {
            return AggregatedHttpResponse.of(headers.toBuilder().add(grpcStatus).build());
        }
        // gRPC: the status in the trailers, where other trailers (x-request-id) join it.
        return AggregatedHttpResponse.of(headers, HttpData.empty(), grpcStatus);
    }

    /** The HTTP status of the JSON answer. */
    public HttpStatus httpStatus() {
        return httpStatus;
    }

    /** {@code grpc-message} as the gRPC spec writes it: UTF-8, percent-encoded outside printable ASCII and '%'. */
    public static String grpcMessage(String message) {
        StringBuilder b = new StringBuilder(message.length());
        for (byte c : message.getBytes(StandardCharsets.UTF_8)) {
            if (c >= ' ' && c <= '~' && c != '%') {
                b.append((char) c);
            } else {
                b.append('%').append(String.format("%02X", c & 0xff));
            }
        }
        return b.toString();
    }
}
