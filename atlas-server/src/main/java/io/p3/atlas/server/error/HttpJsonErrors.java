package io.p3.atlas.server.error;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import com.google.rpc.BadRequest;
import com.google.rpc.RetryInfo;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.ResponseHeadersBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;

/**
 * Error responses of plain HTTP routes and HTTP-level failures in the JSON shape the /v1 HTTP/JSON API
 * answers with: {@code {"code":3,"grpc-code":"INVALID_ARGUMENT","message":"…","details":[…]}}.
 */
public final class HttpJsonErrors {
    private static final JsonFormat.Printer DETAILS = JsonFormat.printer()
            .usingTypeRegistry(JsonFormat.TypeRegistry.newBuilder()
                    .add(BadRequest.getDescriptor()).add(RetryInfo.getDescriptor()).build())
            .omittingInsignificantWhitespace();

    private HttpJsonErrors() {
    }

    /** The usual HTTP status of an error code (as HTTP/JSON transcoding maps it). */
    public static HttpStatus httpStatus(ErrorCode code) {
        return switch (code) {
            case INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE -> HttpStatus.BAD_REQUEST;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case ALREADY_EXISTS -> HttpStatus.CONFLICT;
            case PERMISSION_DENIED -> HttpStatus.FORBIDDEN;
            case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
            case RESOURCE_EXHAUSTED -> HttpStatus.TOO_MANY_REQUESTS;
            case CANCELLED -> HttpStatus.valueOf(499);
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
        };
    }

    /** {@code error} as a response with its usual HTTP status. */
    public static HttpResponse of(AtlasException error) {
        return of(httpStatus(error.code()), error, ResponseHeaders.builder(httpStatus(error.code())));
    }

    /** {@code error} as a response with {@code status} and extra {@code headers} (status is overwritten). */
    public static HttpResponse of(HttpStatus status, AtlasException error, ResponseHeadersBuilder headers) {
        Metadata metadata = new Metadata();
        Status grpc = GrpcErrors.toStatus(error, metadata);
        com.google.rpc.Status details = StatusProto.fromStatusAndTrailers(grpc, metadata);
        return json(status, headers, grpc.getCode(), grpc.getDescription(), details);
    }

    /** A body with no details, e.g. for an unexpected failure. */
    public static HttpResponse of(HttpStatus status, Status.Code code, String message) {
        return json(status, ResponseHeaders.builder(status), code, message, null);
    }

    private static HttpResponse json(HttpStatus status, ResponseHeadersBuilder headers, Status.Code code,
                                     String message, com.google.rpc.Status details) {
        StringBuilder body = new StringBuilder("{\"code\":").append(code.value())
                .append(",\"grpc-code\":\"").append(code.name()).append("\",\"message\":")
                .append(quote(message == null ? "" : message));
        if (details != null && details.getDetailsCount() > 0) {
            body.append(",\"details\":[");
            for (int i = 0; i < details.getDetailsCount(); i++) {
                body.append(i == 0 ? "" : ",").append(print(details.getDetails(i)));
            }
            body.append(']');
        }
        body.append('}');
        return HttpResponse.of(headers.status(status).contentType(MediaType.JSON_UTF_8).build(),
                com.linecorp.armeria.common.HttpData.ofUtf8(body.toString()));
    }

    private static String print(Any any) {
        try {
            return DETAILS.print(any);
        } catch (InvalidProtocolBufferException e) {
            return "{}";
        }
    }

    private static String quote(String s) {
        return "\"" + new String(com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }
}
