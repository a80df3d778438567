package io.p3.atlas.client;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import com.google.rpc.RetryInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.time.Duration;
import java.util.Optional;

/** A failed call: the gRPC status code, the server's message, and the field at fault if any. */
public final class AtlasClientException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Status.Code code;
    private final String field;
    private final Duration retryDelay;

    AtlasClientException(Status.Code code, String message, String field, Duration retryDelay, Throwable cause) {
        super(code + ": " + message, cause);
        this.code = code;
        this.field = field;
        this.retryDelay = retryDelay;
    }

    static AtlasClientException from(StatusRuntimeException e) {
        com.google.rpc.Status details = StatusProto.fromThrowable(e);
        String description = e.getStatus().getDescription();
        return new AtlasClientException(e.getStatus().getCode(), description == null ? "" : description,
                field(details), retryDelay(details), e);
    }

    /** The first field named by a {@code google.rpc.BadRequest} detail, or null. */
    static String field(com.google.rpc.Status details) {
        BadRequest br = detail(details, BadRequest.class);
        return br == null || br.getFieldViolationsCount() == 0 ? null : br.getFieldViolations(0).getField();
    }

    /** The delay of a {@code google.rpc.RetryInfo} detail, or null. */
    static Duration retryDelay(com.google.rpc.Status details) {
        RetryInfo info = detail(details, RetryInfo.class);
        if (info == null || !info.hasRetryDelay()) {
            return null;
        }
        com.google.protobuf.Duration d = info.getRetryDelay();
        return Duration.ofSeconds(d.getSeconds(), d.getNanos());
    }

    private static <T extends com.google.protobuf.Message> T detail(com.google.rpc.Status details, Class<T> type) {
        if (details == null) {
            return null;
        }
        for (Any any : details.getDetailsList()) {
            if (any.is(type)) {
                try {
                    return any.unpack(type);
                } catch (InvalidProtocolBufferException e) {
                    return null; // a malformed detail: keep the status alone
                }
            }
        }
        return null;
    }

    /** The gRPC status code, e.g. INVALID_ARGUMENT or NOT_FOUND. */
    public Status.Code code() {
        return code;
    }

    /** The request field the server rejected (proto name, e.g. {@code wallet_address}). */
    public Optional<String> field() {
        return Optional.ofNullable(field);
    }

    /** How long the server asked the caller to wait before retrying (RESOURCE_EXHAUSTED). */
    public Optional<Duration> retryDelay() {
        return Optional.ofNullable(retryDelay);
    }
}
