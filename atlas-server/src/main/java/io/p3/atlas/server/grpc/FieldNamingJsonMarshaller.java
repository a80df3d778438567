package io.p3.atlas.server.grpc;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Message;
import com.linecorp.armeria.common.grpc.GrpcJsonMarshaller;
import io.grpc.MethodDescriptor;
import io.p3.atlas.server.error.JsonFieldErrors;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The JSON-to-proto step of HTTP/JSON transcoding and unframed JSON, made to fail precisely: whatever the
 * underlying converter throws for a body that does not fit the request message (a NumberFormatException
 * for {@code {"bytes":true}}, a parse error, a body that is not an object) becomes INVALID_ARGUMENT naming
 * the field, never INTERNAL.
 */
public final class FieldNamingJsonMarshaller implements GrpcJsonMarshaller {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final GrpcJsonMarshaller delegate;

    public FieldNamingJsonMarshaller(GrpcJsonMarshaller delegate) {
        this.delegate = delegate;
    }

    @Override
    public <T> void serializeMessage(MethodDescriptor.Marshaller<T> marshaller, T message, OutputStream os)
            throws IOException {
        delegate.serializeMessage(marshaller, message, os);
    }

    @Override
    public <T> T deserializeMessage(MethodDescriptor.Marshaller<T> marshaller, InputStream is) throws IOException {
        byte[] body = is.readAllBytes();
        try {
            return delegate.deserializeMessage(marshaller, new ByteArrayInputStream(body));
        } catch (IOException | RuntimeException e) {
            if (!(marshaller instanceof MethodDescriptor.PrototypeMarshaller<T> p)
                    || !(p.getMessagePrototype() instanceof Message prototype)) {
                throw e;
            }
            throw JsonFieldErrors.diagnoseBody(prototype.getDescriptorForType(), body, json -> {
                try {
                    delegate.deserializeMessage(marshaller, new ByteArrayInputStream(MAPPER.writeValueAsBytes(json)));
                    return true;
                } catch (IOException | RuntimeException again) {
                    return false;
                }
            });
        }
    }
}
