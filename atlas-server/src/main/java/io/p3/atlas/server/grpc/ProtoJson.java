package io.p3.atlas.server.grpc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.google.protobuf.Message;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.curioswitch.common.protobuf.json.MessageMarshaller;

/**
 * Proto3 JSON exactly as the {@code /v1} routes print it (lowerCamelCase, every field, int64 as strings),
 * for the plain HTTP routes that answer a message themselves. Strings are plain JSON: no HTML-safe
 * escapes ({@code '} and {@code =} stay as they are, where protobuf's printers write {@code \u0027}).
 */
public final class ProtoJson {
    private static final JsonFactory PLAIN = new JsonFactory();

    private final MessageMarshaller marshaller;

    private ProtoJson(MessageMarshaller marshaller) {
        this.marshaller = marshaller;
    }

    /** A printer of the given message types. */
    public static ProtoJson of(Message... prototypes) {
        MessageMarshaller.Builder b = MessageMarshaller.builder()
                .omittingInsignificantWhitespace(true)
                .includingDefaultValueFields(true);
        for (Message m : prototypes) {
            b.register(m);
        }
        return new ProtoJson(b.build());
    }

    public String print(Message message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try {
            write(marshaller, message, out);
        } catch (IOException e) {
            throw new UncheckedIOException("a registered message always prints as JSON", e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Writes {@code message} with {@code marshaller}'s options, without HTML-safe escapes. */
    static void write(MessageMarshaller marshaller, Message message, OutputStream out) throws IOException {
        try (JsonGenerator g = PLAIN.createGenerator(out)) {
            marshaller.writeValue(message, g);
        }
    }
}
