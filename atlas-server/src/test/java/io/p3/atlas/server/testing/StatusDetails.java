package io.p3.atlas.server.testing;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

/** The google.rpc details a failed call carried (grpc-status-details-bin). */
public final class StatusDetails {
    private StatusDetails() {
    }

    /** The detail of {@code type} in {@code e}'s status; fails the test when there is none. */
    public static <T extends Message> T unpack(StatusRuntimeException e, Class<T> type) {
        com.google.rpc.Status s = StatusProto.fromThrowable(e);
        if (s != null) {
            for (Any any : s.getDetailsList()) {
                if (any.is(type)) {
                    try {
                        return any.unpack(type);
                    } catch (InvalidProtocolBufferException x) {
                        throw new AssertionError(x);
                    }
                }
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in " + s + " trailers " + e.getTrailers());
    }
}
