package io.p3.atlas.server.grpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.util.Durations;
import com.google.protobuf.util.Timestamps;
import io.p3.atlas.server.error.AtlasException;
import io.p3.atlas.server.fields.Fields;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Checks a JSON request against its message before it is parsed, so nothing a caller sent is silently
 * ignored: an unknown field, an unknown enum value or a value of the wrong JSON type is INVALID_ARGUMENT
 * naming the field ({@code stream.kind}, {@code events[2].event_time}) and the expected form. Enum values may be
 * given by their documented short alias ({@code media}, {@code live}, see {@link EnumAliases}); they are
 * rewritten to the contract name in place. Timestamps and durations must parse; other well-known types
 * ({@code google.protobuf.*}) are left to the parser.
 */
final class JsonRequestCheck {
    /** Each message type's fields by either spelling, built on first use (the contract's types, a few dozen). */
    private static final Map<Descriptor, Map<String, FieldDescriptor>> FIELDS = new ConcurrentHashMap<>();

    private JsonRequestCheck() {
    }

    /** Checks {@code root} (the whole request) against {@code type}, rewriting enum aliases in place. */
    static void check(JsonNode root, Descriptor type) {
        if (root == null || root.isNull() || root.isMissingNode()) {
            return;
        }
        if (!root.isObject()) {
            throw AtlasException.invalidArgument(null,
                    "the request body must be a JSON object ({\"field\": value, …}), got " + kind(root));
        }
        message((ObjectNode) root, type, "");
    }

    private static void message(ObjectNode node, Descriptor type, String path) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            FieldDescriptor fd = field(type, e.getKey());
            if (fd == null) {
                String name = path + e.getKey();
                throw AtlasException.invalidArgument(name, "unknown field '" + Fields.shorten(name) + "'; "
                        + (path.isEmpty() ? "the request" : path.substring(0, path.length() - 1))
                        + " takes " + fieldList(type));
            }
            JsonNode value = e.getValue();
            String name = path + fd.getName();
            if (value.isNull()) {
                continue;
            }
            if (fd.isMapField()) {
                requireKind(value.isObject(), name, "a JSON object", value);
                FieldDescriptor valueField = fd.getMessageType().findFieldByName("value");
                value.fields().forEachRemaining(entry -> entry.setValue(
                        single(entry.getValue(), valueField, name + "[\"" + entry.getKey() + "\"]")));
            } else if (fd.isRepeated()) {
                requireKind(value.isArray(), name, "a JSON array", value);
                ArrayNode array = (ArrayNode) value;
                for (int i = 0; i < array.size(); i++) {
                    array.set(i, single(array.get(i), fd, name + "[" + i + "]"));
                }
            } else {
                e.setValue(single(value, fd, name));
            }
        }
    }

    /** Checks one value of {@code fd}; returns it, or its replacement (an enum alias becomes the name). */
    private static JsonNode single(JsonNode value, FieldDescriptor fd, String name) {
        if (value.isNull()) {
            return value;
        }
        switch (fd.getJavaType()) {
            case MESSAGE -> {
                String type = fd.getMessageType().getFullName();
                if (type.equals("google.protobuf.Timestamp")) {
                    requireKind(value.isTextual() && parses(value.asText(), true), name,
                            "an RFC 3339 time such as \"2026-01-01T00:00:00Z\"", value);
                } else if (type.equals("google.protobuf.Duration")) {
                    requireKind(value.isTextual() && parses(value.asText(), false), name,
                            "a duration in seconds such as \"1.5s\"", value);
                } else if (!type.startsWith("google.protobuf.")) {
                    requireKind(value.isObject(), name, "a JSON object", value);
                    message((ObjectNode) value, fd.getMessageType(), name + ".");
                }
            }
            case ENUM -> {
                if (fd.getEnumType().getFullName().equals("google.protobuf.NullValue")) {
                    return value;
                }
                EnumValueDescriptor v = value.isTextual() || value.isIntegralNumber()
                        ? EnumAliases.resolve(fd.getEnumType(), value.asText()) : null;
                if (v == null) {
                    throw AtlasException.invalidArgument(name, name + " must be one of "
                            + EnumAliases.accepted(fd.getEnumType()) + ", got " + shown(value));
                }
                return new TextNode(v.getName());
            }
            case STRING, BYTE_STRING -> requireKind(value.isTextual(), name, "a JSON string", value);
            case BOOLEAN -> requireKind(value.isBoolean()
                    || value.isTextual() && ProtoScalars.problem(fd, value.asText()) == null, name, "true or false", value);
            case INT, LONG -> {
                String problem = value.isTextual() ? ProtoScalars.problem(fd, value.asText())
                        : integral(value) != null ? ProtoScalars.integerProblem(fd, integral(value))
                        : "an integer";
                if (problem != null) {
                    throw AtlasException.invalidArgument(name, name + " must be " + problem + ", got " + shown(value));
                }
            }
            case FLOAT, DOUBLE -> requireKind(value.isNumber()
                    || value.isTextual() && ProtoScalars.problem(fd, value.asText()) == null, name, "a number", value);
        }
        return value;
    }

    /** Whether {@code text} is a proto3 JSON Timestamp ({@code timestamp}) or Duration. */
    private static boolean parses(String text, boolean timestamp) {
        try {
            if (timestamp) {
                Timestamps.parse(text);
            } else {
                Durations.parse(text);
            }
            return true;
        } catch (java.text.ParseException | IllegalArgumentException e) {
            return false;
        }
    }

    /** The value of an integral JSON number (3 or 3.0), else null. */
    private static BigInteger integral(JsonNode value) {
        if (value.isIntegralNumber()) {
            return value.bigIntegerValue();
        }
        if (value.isNumber() && value.decimalValue().stripTrailingZeros().scale() <= 0) {
            return value.decimalValue().toBigIntegerExact();
        }
        return null;
    }

    /** The field {@code key} names in {@code type}: its proto name or its JSON (lowerCamel) name; null if none. */
    static FieldDescriptor field(Descriptor type, String key) {
        return FIELDS.computeIfAbsent(type, JsonRequestCheck::byEitherName).get(key);
    }

    /** {@code type}'s fields by JSON name and by proto name (which wins where the two spellings collide). */
    private static Map<String, FieldDescriptor> byEitherName(Descriptor type) {
        Map<String, FieldDescriptor> fields = new HashMap<>();
        type.getFields().forEach(fd -> fields.put(fd.getJsonName(), fd));
        type.getFields().forEach(fd -> fields.put(fd.getName(), fd));
        return Map.copyOf(fields);
    }

    /** {@code peers_connected (peersConnected), …}: both spellings a caller may use. */
    static String fieldList(Descriptor type) {
        if (type.getFields().isEmpty()) {
            return "no fields";
        }
        return type.getFields().stream()
                .map(f -> f.getName().equals(f.getJsonName()) ? f.getName() : f.getName() + " (" + f.getJsonName() + ")")
                .collect(Collectors.joining(", "));
    }

    private static void requireKind(boolean ok, String name, String expected, JsonNode value) {
        if (!ok) {
            throw AtlasException.invalidArgument(name, name + " must be " + expected + ", got " + shown(value));
        }
    }

    private static String shown(JsonNode value) {
        return value.isTextual() ? "'" + Fields.shorten(value.asText()) + "'" : kind(value) + " "
                + Fields.shorten(value.toString());
    }

    private static String kind(JsonNode value) {
        return switch (value.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            default -> "null";
        };
    }
}
