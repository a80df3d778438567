package io.p3.atlas.server.error;

import io.grpc.Status;

/** The caller-facing outcome of a failed call; each maps to one gRPC status code. */
public enum ErrorCode {
    INVALID_ARGUMENT(Status.Code.INVALID_ARGUMENT),
    NOT_FOUND(Status.Code.NOT_FOUND),
    ALREADY_EXISTS(Status.Code.ALREADY_EXISTS),
    FAILED_PRECONDITION(Status.Code.FAILED_PRECONDITION),
    PERMISSION_DENIED(Status.Code.PERMISSION_DENIED),
    UNAUTHENTICATED(Status.Code.UNAUTHENTICATED),
    RESOURCE_EXHAUSTED(Status.Code.RESOURCE_EXHAUSTED),
    OUT_OF_RANGE(Status.Code.OUT_OF_RANGE),
    CANCELLED(Status.Code.CANCELLED),
    UNAVAILABLE(Status.Code.UNAVAILABLE);

    private final Status.Code grpcCode;

    ErrorCode(Status.Code grpcCode) {
        this.grpcCode = grpcCode;
    }

    public Status.Code grpcCode() {
        return grpcCode;
    }
}
