package io.p3.atlas.server.resilience;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
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
import io.p3.atlas.server.error.AtlasException;
import io.p3.atlas.server.error.ErrorCode;
import io.p3.atlas.server.error.GrpcErrors;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * The answer to a call refused before any service saw it, rendered once and sent in the caller's protocol:
 * gRPC gets HTTP 200 and trailers with {@code grpc-status}, {@code grpc-message} and
 * {@code grpc-status-details-bin} (RetryInfo and ErrorInfo), gRPC-Web the same in a trailers-only
 * response; everything else (HTTP/JSON, unframed JSON, /content) gets the HTTP status with
 * {@code Retry-After} and the JSON error body of transcoding,
 * {@code {"code":8,"grpc-code":"RESOURCE_EXHAUSTED","message":"…","details":[…]}}.
 */
final class Rejection {
    /** How long a refused caller is told to wait. */
    static final Duration OVERLOAD_RETRY_DELAY = Duration.ofSeconds(1);
    private static final JsonFormat.Printer DETAILS = JsonFormat.printer()
            .usingTypeRegistry(JsonFormat.TypeRegistry.newBuilder()
                    .add(RetryInfo.getDescriptor()).add(ErrorInfo.getDescriptor()).build())
            .omittingInsignificantWhitespace();

    private final HttpStatus httpStatus;
    private final String grpcStatus;
    private final String grpcMessage;
    private final String grpcDetails;
    private final String retryAfter;
    private final byte[] json;

    Rejection(AtlasException error, HttpStatus httpStatus) {
        Metadata trailers = new Metadata();
        Status status = GrpcErrors.toStatus(error, trailers);
        com.google.rpc.Status details = StatusProto.fromStatusAndTrailers(status, trailers);
        this.httpStatus = httpStatus;
        this.grpcStatus = Integer.toString(status.getCode().value());
        this.grpcMessage = grpcMessage(status.getDescription());
        this.grpcDetails = Base64.getEncoder().withoutPadding().encodeToString(details.toByteArray());
        this.retryAfter = RetryAfterHeader.seconds(error.retryAfter());
        this.json = json(status, details).getBytes(StandardCharsets.UTF_8);
    }

    /** {@code service} is serving its maximum: RESOURCE_EXHAUSTED, reason SERVER_OVERLOADED, HTTP 503. */
    static Rejection overloaded(String service, int max) {
        return new Rejection(new AtlasException(ErrorCode.RESOURCE_EXHAUSTED, null, service
                + " is serving its maximum of " + max + " concurrent calls; retry after "
                + OVERLOAD_RETRY_DELAY.toSeconds() + " s", OVERLOAD_RETRY_DELAY, null, "SERVER_OVERLOADED"),
                HttpStatus.SERVICE_UNAVAILABLE);
    }

    HttpResponse respond(ServiceRequestContext ctx, RequestHeaders request) {
        ctx.setShouldReportUnloggedExceptions(false);
        MediaType type = request.contentType();
        if (type != null && type.subtype().startsWith("grpc")) {
            HttpHeaders status = HttpHeaders.builder()
                    .add("grpc-status", grpcStatus)
                    .add("grpc-message", grpcMessage)
                    .add("grpc-status-details-bin", grpcDetails)
                    .build();
            ResponseHeaders headers = ResponseHeaders.builder(HttpStatus.OK).contentType(type).build();
            if (type.subtype().startsWith("grpc-web")) {
                // gRPC-Web: the status in the headers (trailers-only), which browsers can read.
                return HttpResponse.of(headers.toBuilder().add(status).build());
            }
            // gRPC: the status in the trailers, where other trailers (x-request-id) join it.
            return HttpResponse.of(headers, HttpData.empty(), status);
        }
        return HttpResponse.of(ResponseHeaders.builder(httpStatus).contentType(MediaType.JSON_UTF_8)
                .set(HttpHeaderNames.RETRY_AFTER, retryAfter).build(), HttpData.wrap(json));
    }

    /** {@code grpc-message} as the gRPC spec writes it: UTF-8, percent-encoded outside printable ASCII and '%'. */
    static String grpcMessage(String message) {
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

    private static String json(Status status, com.google.rpc.Status details) {
        StringBuilder b = new StringBuilder(256).append("{\"code\":").append(status.getCode().value())
                .append(",\"grpc-code\":\"").append(status.getCode().name()).append("\",\"message\":\"")
                .append(JsonStringEncoder.getInstance().quoteAsString(status.getDescription()))
                .append("\",\"details\":[");
        for (int i = 0; i < details.getDetailsCount(); i++) {
            b.append(i == 0 ? "" : ",").append(print(details.getDetails(i)));
        }
        return b.append("]}").toString();
    }

    private static String print(Any detail) {
        try {
            return DETAILS.print(detail);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("RetryInfo and ErrorInfo are registered", e);
        }
    }
}
