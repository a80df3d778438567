package io.p3.atlas.server.grpc;

import com.google.protobuf.Timestamp;
import java.time.Instant;

/**
 * Conversions between {@link Instant} and {@code google.protobuf.Timestamp}. Timestamps on the wire have one
 * precision, microseconds (what PostgreSQL stores; the server clock ticks in microseconds too), so the
 * answer to a create equals every later read.
 */
public final class ProtoTimes {
    private ProtoTimes() {
    }

    public static Timestamp toProto(Instant t) {
        return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano() / 1_000 * 1_000).build();
    }

    /** Null for an unset timestamp. */
    public static Instant fromProto(Timestamp t) {
        return t == null || (t.getSeconds() == 0 && t.getNanos() == 0) ? null
                : Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }
}
