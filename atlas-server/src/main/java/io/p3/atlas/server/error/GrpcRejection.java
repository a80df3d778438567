package io.p3.atlas.server.error;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;

/** Ends a gRPC call before its service sees it (interceptors refusing a call), with the usual details. */
public final class GrpcRejection {
    private GrpcRejection() {
    }

    /** Closes {@code call} with the status and google.rpc details of {@code error}; returns a no-op listener. */
    public static <I> ServerCall.Listener<I> reject(ServerCall<I, ?> call, AtlasException error) {
        close(call, error);
        return new ServerCall.Listener<>() {
        };
    }

    /** Closes {@code call} with the status and google.rpc details of {@code error}. */
    public static void close(ServerCall<?, ?> call, AtlasException error) {
        Metadata trailers = new Metadata();
        Status status = GrpcErrors.toStatus(error, trailers);
        call.close(status, trailers);
    }
}
