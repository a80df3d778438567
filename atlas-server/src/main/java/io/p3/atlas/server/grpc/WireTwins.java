package io.p3.atlas.server.grpc;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.UnknownFieldSet;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.SerializationFormat;
import com.linecorp.armeria.common.grpc.GrpcSerializationFormats;
import com.linecorp.armeria.server.ServiceRequestContext;

/**
 * Cheap re-serialization of a reply sent many times. A message's {@linkplain #of wire twin} carries the
 * message's serialized bytes as unknown fields of the same type: written to the wire it gives the very same
 * bytes, as a copy of a few byte strings instead of walking (and UTF-8 encoding) every field again. A twin
 * only stands in where the reply is written as protobuf binary ({@link #protoWire}): a JSON rendering would
 * not see its fields.
 */
public final class WireTwins {
    private WireTwins() {
    }

    /**
     * True when the current call's replies are written as protobuf binary (gRPC, gRPC-Web, unframed
     * {@code application/protobuf}), so a reader parses them back into known fields; false for JSON
     * (HTTP/JSON transcoding, {@code application/grpc+json}) or outside a request.
     */
    public static boolean protoWire() {
        ServiceRequestContext ctx = ServiceRequestContext.currentOrNull();
        MediaType type = ctx == null ? null : ctx.request().contentType();
        if (type == null) {
            return false;
        }
        if (type.isProtobuf()) {
            return true;
        }
        SerializationFormat format = SerializationFormat.find(type);
        return format != null && GrpcSerializationFormats.isProto(format);
    }

    /**
     * A message of {@code message}'s type that serializes to exactly its bytes, with every field held as an
     * unknown one (so its getters return defaults). Not a message: returned as is.
     */
    @SuppressWarnings("unchecked")
    public static <M> M of(M message) {
        if (!(message instanceof Message m)) {
            return message;
        }
        try {
            UnknownFieldSet fields = UnknownFieldSet.parseFrom(m.toByteString());
            return (M) m.newBuilderForType().setUnknownFields(fields).build();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a message's own bytes did not parse", e);
        }
    }
}
