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
        String field = null;
        Duration retry = null;
        com.google.rpc.Status details = StatusProto.fromThrowable(e);
        if (details != null) {
            for (Any any : details.getDetailsList()) {
                try {
                    if (any.is(BadRequest.class)) {
                        BadRequest br = any.unpack(BadRequest.class);
                        if (br.getFieldViolationsCount() > 0) {
                            field = br.getFieldViolations(0).getField();
                        }
                    } else if (any.is(RetryInfo.class)) {
                        com.google.protobuf.Duration d = any.unpack(RetryInfo.class).getRetryDelay();
                        retry = Duration.ofSeconds(d.getSeconds(), d.getNanos());
                    }
                } catch (InvalidProtocolBufferException ignored) {
                    // unknown detail: keep the status alone
                }
            }
        }
        String description = e.getStatus().getDescription();
        return new AtlasClientException(e.getStatus().getCode(), description == null ? "" : description,
                field, retry, e);
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
