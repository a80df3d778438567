package io.p3.atlas.server.grpc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Message;
import com.linecorp.armeria.common.grpc.GrpcJsonMarshaller;
import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.Marshaller;
import io.grpc.MethodDescriptor.PrototypeMarshaller;
import io.grpc.ServiceDescriptor;
import io.p3.atlas.server.error.AtlasException;
import io.p3.atlas.server.error.JsonErrors;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.curioswitch.common.protobuf.json.MessageMarshaller;

/**
 * The JSON marshaller of every JSON transport (HTTP/JSON transcoding, unframed JSON, gRPC-Web JSON): Armeria's
 * own (protobuf-jackson, every field printed, zeros included), with two changes. Requests are checked by
 * {@link JsonRequestCheck} before they are parsed (unknown fields and enum values are INVALID_ARGUMENT
 * instead of being dropped; enum aliases such as {@code media} are accepted), and replies are written
 * without protobuf-jackson's HTML-safe escapes ({@code '} stays {@code '}, not {@code \u0027}).
 */
public final class StrictJsonMarshaller implements GrpcJsonMarshaller {
    /** Parses like protobuf-jackson (comments and unquoted names allowed), keeping numbers exact. */
    private static final ObjectMapper TREE = new ObjectMapper(JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES)
            .build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);

    private final MessageMarshaller delegate;

    private StrictJsonMarshaller(MessageMarshaller delegate) {
        this.delegate = delegate;
    }

    /** For {@code GrpcServiceBuilder.jsonMarshallerFactory}: the request and response types of {@code service}. */
    public static GrpcJsonMarshaller of(ServiceDescriptor service) {
        MessageMarshaller.Builder b = MessageMarshaller.builder()
                .omittingInsignificantWhitespace(true)
                .includingDefaultValueFields(true) // callers see the whole shape: "uptimeMs": "0"
                .ignoringUnknownFields(false);
        for (MethodDescriptor<?, ?> method : service.getMethods()) {
            register(b, method.getRequestMarshaller());
            register(b, method.getResponseMarshaller());
        }
        return new StrictJsonMarshaller(b.build());
    }

    private static void register(MessageMarshaller.Builder b, Marshaller<?> marshaller) {
        if (marshaller instanceof PrototypeMarshaller<?> p && p.getMessagePrototype() instanceof Message m) {
            b.register(m);
        }
    }

    @Override
    public <T> void serializeMessage(Marshaller<T> marshaller, T message, OutputStream os) throws IOException {
        ProtoJson.write(delegate, (Message) message, os);
    }

    @Override
    public <T> T deserializeMessage(Marshaller<T> marshaller, InputStream is) throws IOException {
        Message prototype = (Message) ((PrototypeMarshaller<T>) marshaller).getMessagePrototype();
        JsonNode tree;
        try (JsonParser p = TREE.createParser(is)) {
            tree = p.readValueAsTree();
        } catch (JsonProcessingException e) {
            throw AtlasException.invalidArgument(null, JsonErrors.notJson(e));
        }
        JsonRequestCheck.check(tree, prototype.getDescriptorForType());
        Message.Builder builder = prototype.newBuilderForType();
        if (tree != null && !tree.isMissingNode() && !tree.isNull()) {
            try (JsonParser tokens = TREE.treeAsTokens(tree)) { // the checked tree, not parsed a second time
                tokens.nextToken();
                delegate.mergeValue(tokens, builder);
            }
        }
        @SuppressWarnings("unchecked")
        T cast = (T) builder.build();
        return cast;
    }
}
