package io.p3.atlas.server.error;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import com.google.rpc.PreconditionFailure;
import com.google.rpc.QuotaFailure;
import com.google.rpc.ResourceInfo;
import com.google.rpc.RetryInfo;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import io.grpc.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.curioswitch.common.protobuf.json.MessageMarshaller;

/**
 * The one JSON shape of every HTTP error answer, on every route ({@code /v1} transcoding, unframed JSON,
 * {@code /content}, the multipart upload, and HTTP-level failures such as malformed JSON or a too-large
 * body): the shape Armeria's transcoding answers, after the Google error model,
 * <pre>{"code":3,"grpc-code":"INVALID_ARGUMENT","message":"…","details":[{"@type":"type.googleapis.com/google.rpc.BadRequest",…},…]}</pre>
 * with a {@code grpc-status} header. Strings are plain JSON ({@code '} is not escaped as {@code \u0027}).
 */
public final class JsonErrors {
    /** Writes the google.rpc detail messages (with their {@code @type}) as proto3 JSON. */
    private static final MessageMarshaller DETAILS = MessageMarshaller.builder()
            .omittingInsignificantWhitespace(true)
            .register(BadRequest.getDefaultInstance())
            .register(ErrorInfo.getDefaultInstance())
            .register(RetryInfo.getDefaultInstance())
            .register(PreconditionFailure.getDefaultInstance())
            .register(QuotaFailure.getDefaultInstance())
            .register(ResourceInfo.getDefaultInstance())
            .build();
    private static final JsonFactory JSON = new JsonFactory();

    private JsonErrors() {
    }

    /** {@code e} with the HTTP status its code maps to (see {@link #httpStatus}). */
    public static HttpResponse of(AtlasException e) {
        return of(httpStatus(e.code().grpcCode()), e);
    }

    /** {@code e} with the HTTP status a plain route chose for it (e.g. 413, 416, 502). */
    public static HttpResponse of(HttpStatus http, AtlasException e) {
        return render(http, GrpcErrors.details(e, Status.fromCode(e.code().grpcCode()))).toHttpResponse();
    }

    /**
     * An HTTP-level failure no field is at fault for (a body that is not JSON, a too-large body, an unknown
     * path): its only detail is the ErrorInfo every error carries, with the code's name as its reason.
     */
    public static AggregatedHttpResponse render(HttpStatus http, Status.Code code, String message) {
        return render(http, com.google.rpc.Status.newBuilder().setCode(code.value()).setMessage(message)
                .addDetails(Any.pack(ErrorInfo.newBuilder().setReason(code.name())
                        .setDomain(GrpcErrors.ERROR_DOMAIN).build()))
                .build());
    }

    /** The error body for {@code status} (code, message and details), answered with {@code http}. */
    public static AggregatedHttpResponse render(HttpStatus http, com.google.rpc.Status status) {
        Status.Code code = Status.fromCodeValue(status.getCode()).getCode();
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("code", code.value());
            g.writeStringField("grpc-code", code.name());
            g.writeStringField("message", status.getMessage());
            g.writeArrayFieldStart("details");
            for (Any detail : status.getDetailsList()) {
                DETAILS.writeValue(detail, g);
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("an error body always renders", e);
        }
        ResponseHeaders headers = ResponseHeaders.builder(http)
                .contentType(MediaType.JSON_UTF_8)
                .setInt("grpc-status", code.value())
                .build();
        return AggregatedHttpResponse.of(headers, HttpData.wrap(out.toByteArray()));
    }

    /**
     * Where and why a body is not JSON: {@code the request body is not valid JSON: … (line 1, column 12)};
     * no parser internals (Jackson's source notes), at most a short, printable excerpt of its reason.
     */
    public static String notJson(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String why = e.getOriginalMessage() == null ? "" : e.getOriginalMessage().lines().findFirst().orElse("").trim();
        for (String note : new String[] {" (start marker at", " at [Source"}) {
            int cut = why.indexOf(note);
            why = cut > 0 ? why.substring(0, cut) : why; // "[Source: REDACTED …]" says nothing to a caller
        }
        why = (why.length() > 160 ? why.substring(0, 160) + "…" : why).replaceAll("\\p{Cntrl}", "?");
        return "the request body is not valid JSON: " + why
                + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")");
    }

    /**
     * The HTTP status of a gRPC code, as google/rpc/code.proto maps them (and Armeria's transcoding does):
     * INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE 400, UNAUTHENTICATED 401, PERMISSION_DENIED 403,
     * NOT_FOUND 404, ALREADY_EXISTS and ABORTED 409, RESOURCE_EXHAUSTED 429, CANCELLED 499,
     * UNIMPLEMENTED 501, UNAVAILABLE 503, DEADLINE_EXCEEDED 504, anything else 500.
     */
    public static HttpStatus httpStatus(Status.Code code) {
        return switch (code) {
            case OK -> HttpStatus.OK;
            case INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE -> HttpStatus.BAD_REQUEST;
            case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
            case PERMISSION_DENIED -> HttpStatus.FORBIDDEN;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case ALREADY_EXISTS, ABORTED -> HttpStatus.CONFLICT;
            case RESOURCE_EXHAUSTED -> HttpStatus.TOO_MANY_REQUESTS;
            case CANCELLED -> HttpStatus.CLIENT_CLOSED_REQUEST;
            case UNIMPLEMENTED -> HttpStatus.NOT_IMPLEMENTED;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
            case DEADLINE_EXCEEDED -> HttpStatus.GATEWAY_TIMEOUT;
            default -> HttpStatus.INTERNAL_SERVER_ERROR;
        };
    }

    /** The gRPC code an HTTP-level failure stands for (404 NOT_FOUND, 413 RESOURCE_EXHAUSTED, …). */
    public static Status.Code grpcCode(HttpStatus http) {
        return switch (http.code()) {
            case 400, 411, 415, 422 -> Status.Code.INVALID_ARGUMENT;
            case 401 -> Status.Code.UNAUTHENTICATED;
            case 403 -> Status.Code.PERMISSION_DENIED;
            case 404 -> Status.Code.NOT_FOUND;
            case 405, 501 -> Status.Code.UNIMPLEMENTED;
            case 408, 504 -> Status.Code.DEADLINE_EXCEEDED;
            case 409 -> Status.Code.ABORTED;
            case 412 -> Status.Code.FAILED_PRECONDITION;
            case 413, 429, 431 -> Status.Code.RESOURCE_EXHAUSTED;
            case 416 -> Status.Code.OUT_OF_RANGE;
            case 499 -> Status.Code.CANCELLED;
            case 502, 503 -> Status.Code.UNAVAILABLE;
            default -> Status.Code.INTERNAL;
        };
    }
}
